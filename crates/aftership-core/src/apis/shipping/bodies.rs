//! Shipping v3 request bodies: the reusable parts (Address.v3, Parcel.v3, Weight.v3 …) and the
//! body of each operation, with the OAS `required` lists and prose rules they come from.

use crate::body::{Kind, Rule, Shape};

// Reusable parts (Shipping v3 schemas). Each is declared once and checked wherever the table
// places it, when the parent object is given.

/// Weight.v3: `{value, unit}`, both required; unit lb, kg, oz or g.
const WEIGHT: Shape = Shape::required(&["unit", "value"]).fields(&[
    ("unit", Kind::Enum(&["lb", "kg", "oz", "g"])),
    ("value", Kind::Number),
]);

/// Dimension.v3: `{width, height, depth, unit}`, all required; unit cm, in, mm, m, ft or yd.
const DIMENSION: Shape = Shape::required(&["depth", "height", "unit", "width"]).fields(&[
    ("depth", Kind::Number),
    ("height", Kind::Number),
    ("width", Kind::Number),
    ("unit", Kind::Enum(&["cm", "in", "mm", "m", "ft", "yd"])),
]);

/// Address.v3: `street1`, `country`, `contact_name` required.
const ADDRESS: Shape = Shape::required(&["street1", "country", "contact_name"]);

/// Item.v3: `quantity` and `description` required; optional weight and dimension.
const ITEM: Shape = Shape::required(&["quantity", "description"]).fields(&[
    ("weight", Kind::Object(&WEIGHT)),
    ("dimension", Kind::Object(&DIMENSION)),
]);

/// Parcel.v3: `box_type`, `dimension`, `items` required; optional weight.
const PARCEL: Shape = Shape::required(&["box_type", "dimension", "items"]).fields(&[
    ("dimension", Kind::Object(&DIMENSION)),
    ("weight", Kind::Object(&WEIGHT)),
    ("items", Kind::Each(&ITEM)),
]);

/// Shipment.v3: `ship_from`, `ship_to`, `parcels` required; `return_to` and
/// `ship_from_display`, when given, are addresses too.
const SHIPMENT: Shape = Shape::required(&["ship_from", "ship_to", "parcels"]).fields(&[
    ("ship_from", Kind::Object(&ADDRESS)),
    ("ship_to", Kind::Object(&ADDRESS)),
    ("return_to", Kind::Object(&ADDRESS)),
    ("ship_from_display", Kind::Object(&ADDRESS)),
    ("parcels", Kind::Each(&PARCEL)),
]);

/// Billing method (label and customs billing): `type` and `account_number` required.
const BILLING_METHOD: Shape = Shape::required(&["account_number", "type"]);

/// Billing.v3: `paid_by` required; optional `method`.
const BILLING: Shape =
    Shape::required(&["paid_by"]).fields(&[("method", Kind::Object(&BILLING_METHOD))]);

/// Customs.v3: `purpose` required; optional billing, broker and importer addresses.
const CUSTOMS: Shape = Shape::required(&["purpose"]).fields(&[
    ("billing", Kind::Object(&BILLING)),
    ("broker_address", Kind::Object(&ADDRESS)),
    ("importer_address", Kind::Object(&ADDRESS)),
]);

/// Pickup_parcel.v3: `weight` and `quantity` required; optional dimension. (`service_type` is
/// "required for UPS and DHL Express", which depends on the shipper account, not on the body.)
const PICKUP_PARCEL: Shape = Shape::required(&["weight", "quantity"]).fields(&[
    ("weight", Kind::Object(&WEIGHT)),
    ("dimension", Kind::Object(&DIMENSION)),
]);

/// POST /labels. The OAS lists no top-level `required` (and `automatic: true` lets the
/// organisation's automation rules fill the label in), so `service_type`, `shipper_account` and
/// `shipment` are optional here; the rest comes from the referenced schemas.
pub(super) const CREATE_LABEL: Shape = Shape::required(&["invoice.date"]).fields(&[
    ("shipment", Kind::Object(&SHIPMENT)),
    ("billing", Kind::Object(&BILLING)),
    ("customs", Kind::Object(&CUSTOMS)),
]);

/// POST /rates. The OAS lists no top-level `required` (without `shipper_accounts` every shipper
/// account is rated; the inline `shipper_accounts[]` items require nothing); the rest comes from
/// Shipment.v3 and the schemas it refers to.
pub(super) const CALCULATE_RATES: Shape =
    Shape::required(&[]).fields(&[("shipment", Kind::Object(&SHIPMENT))]);

/// POST /manifests: no `required` anywhere in the OAS (`shipper_account` is an inline object
/// whose `id` is not declared required).
pub(super) const CREATE_MANIFEST_REQUIRED: &[&str] = &[];

/// POST /cancel-labels: the body's only member is the label to cancel (`label.id`); the OAS
/// declares no `required` (neither `label` nor its `id`), so AfterShip checks it.
pub(super) const CANCEL_LABEL_REQUIRED: &[&str] = &[];

/// POST /pickups: `pickup_start_time`, `pickup_end_time` (HH:mm:ss) and `pickup_from` are
/// required by the OAS; addresses follow Address.v3, parcels Pickup_parcel.v3. The OAS prose
/// rules hold too: either `label_ids` or `pickup_parcels` (not both), and `shipper_account`
/// with `pickup_parcels`. `shipper_account.id` is left to AfterShip (Reference.v3 declares no
/// `required`).
pub(super) const CREATE_PICKUP: Shape =
    Shape::required(&["pickup_start_time", "pickup_end_time", "pickup_from"])
        .fields(&[
            ("pickup_from", Kind::Object(&ADDRESS)),
            ("ship_to", Kind::Object(&ADDRESS)),
            ("pickup_parcels", Kind::Each(&PICKUP_PARCEL)),
        ])
        .rules(&[
            Rule::ExactlyOne(&["label_ids", "pickup_parcels"]),
            Rule::Requires("pickup_parcels", &["shipper_account"]),
        ]);

/// POST /cancel-pickups: `pickup` is required by the OAS; its inline `id` is not declared
/// required, so AfterShip checks it.
pub(super) const CANCEL_PICKUP_REQUIRED: &[&str] = &["pickup"];

/// Bodies that carry an optional Address.v3 `address` (shipper accounts, address validation).
pub(super) const WITH_ADDRESS: Shape =
    Shape::required(&[]).fields(&[("address", Kind::Object(&ADDRESS))]);

/// POST /couriers/fedex/shipper-accounts: the OAS's own `required` lists (body, `credentials`,
/// `address`, `invoice`).
pub(super) const CREATE_FEDEX_REQUIRED: &[&str] = &[
    "slug",
    "description",
    "credentials",
    "credentials.account_number",
    "address",
    "address.street1",
    "address.country",
    "address.contact_name",
    "invoice",
    "invoice.number",
    "invoice.currency",
    "invoice.date",
    "invoice.amount",
];

/// POST /couriers/fedex/shipper-accounts/{id}/update: only `invoice` is required by the OAS;
/// `credentials` and `address`, when given, follow the same rules as on create.
pub(super) const UPDATE_FEDEX_REQUIRED: &[&str] = &[
    "invoice",
    "invoice.number",
    "invoice.currency",
    "invoice.date",
    "invoice.amount",
    "credentials.account_number",
    "address.street1",
    "address.country",
    "address.contact_name",
];
