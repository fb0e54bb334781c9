"""The generated operation types (``aftership_connector.operations``) cover the component's
manifest: one input type per operation, with the documented members and choices."""

import json
import typing

from aftership_connector import operations


def test_every_operation_of_the_manifest_has_an_input_type(connector):
    manifest = json.loads(connector.manifest())
    ids = [op["id"] for op in manifest["operations"]]
    assert sorted(operations.OPERATION_INPUTS) == sorted(ids)
    assert sorted(typing.get_args(operations.OperationId)) == sorted(ids)


def test_create_tracking_input_has_every_documented_member_and_choice(connector):
    manifest = json.loads(connector.manifest())
    create = next(op for op in manifest["operations"] if op["id"] == "tracking.create_tracking")
    documented = set(create["input_schema"]["properties"]["body"]["properties"])
    body_type = typing.get_type_hints(operations.OPERATION_INPUTS["tracking.create_tracking"])["body"]
    hints = typing.get_type_hints(body_type)
    assert set(hints) == documented
    assert len(hints) == 37
    delivery = typing.get_args(typing.get_args(hints["delivery_type"])[0])
    assert delivery == ("pickup_at_store", "door_to_door", "pickup_at_courier")
