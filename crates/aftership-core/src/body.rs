//! Body specifications as a tree with reusable parts (an address, a parcel, a weight).
//!
//! An operation's body is a [`Shape`]: required member paths, typed members (which may be
//! further shapes) and conditional [`Rule`]s. The tables declare shapes as `const` data; at run
//! time a shape is expanded into a [`Node`] tree, and that one tree both validates an input
//! ([`Node::validate`]) and is written out as JSON Schema ([`Node::schema`]), so the validator
//! and `connector.json` cannot disagree about what is required.

use serde_json::{json, Map, Value};

use crate::error::FieldError;

mod rules;
pub use rules::{check_rule, rules_schema, Rule};

/// A JSON object as the tables declare it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Required members. `a.b` applies when `a` is present; `a[].b` to each item of array `a`.
    pub required: &'static [&'static str],
    /// Typed members, by the same kind of path.
    pub fields: &'static [(&'static str, Kind)],
    /// Conditions between the object's own members.
    pub rules: &'static [Rule],
}

impl Shape {
    /// A shape with required members only.
    pub const fn required(required: &'static [&'static str]) -> Shape {
        Shape {
            required,
            fields: &[],
            rules: &[],
        }
    }

    /// Adds typed members.
    pub const fn fields(self, fields: &'static [(&'static str, Kind)]) -> Shape {
        Shape { fields, ..self }
    }

    /// Adds conditional rules.
    pub const fn rules(self, rules: &'static [Rule]) -> Shape {
        Shape { rules, ..self }
    }
}

/// Type of a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// Any JSON number.
    Number,
    /// Whole number, at least `min`.
    Integer {
        /// Smallest accepted value.
        min: i64,
    },
    /// `true` / `false`.
    Boolean,
    /// One of the listed strings.
    Enum(&'static [&'static str]),
    /// An object of this shape.
    Object(&'static Shape),
    /// An array whose items are objects of this shape.
    Each(&'static Shape),
}

/// Type constraint of a [`Node`].
#[derive(Clone, Debug, PartialEq)]
enum Ty {
    Any,
    Object,
    Array(Box<Node>),
    Text,
    Number,
    Integer(i64),
    Boolean,
    Enum(&'static [&'static str]),
}

/// One member of a body, expanded from a [`Shape`].
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    ty: Ty,
    properties: Vec<(String, Node)>,
    required: Vec<String>,
    /// Declaration rank of each required member: errors are reported in the order the table
    /// lists the requirements.
    rank: Vec<usize>,
    rules: Vec<Rule>,
}

impl Node {
    fn any() -> Node {
        Node {
            ty: Ty::Any,
            properties: Vec::new(),
            required: Vec::new(),
            rank: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// Expands a shape into a tree.
    pub fn from_shape(shape: &Shape) -> Node {
        let mut node = Node::any();
        node.ty = Ty::Object;
        node.apply(shape, &mut 0);
        node
    }

    fn apply(&mut self, shape: &Shape, rank: &mut usize) {
        for path in shape.required {
            let (parent, leaf) = self.walk(path);
            let name = leaf.strip_suffix("[]").unwrap_or(leaf);
            if !parent.required.iter().any(|r| r == name) {
                parent.required.push(name.to_string());
                parent.rank.push(*rank);
                *rank += 1;
            }
            parent.child(leaf);
        }
        for (path, kind) in shape.fields {
            let (parent, leaf) = self.walk(path);
            parent.child(leaf).set_kind(*kind, rank);
        }
        self.rules.extend_from_slice(shape.rules);
    }

    fn set_kind(&mut self, kind: Kind, rank: &mut usize) {
        match kind {
            Kind::Text => self.ty = Ty::Text,
            Kind::Number => self.ty = Ty::Number,
            Kind::Integer { min } => self.ty = Ty::Integer(min),
            Kind::Boolean => self.ty = Ty::Boolean,
            Kind::Enum(values) => self.ty = Ty::Enum(values),
            Kind::Object(shape) => {
                self.ty = Ty::Object;
                self.apply(shape, rank);
            }
            Kind::Each(shape) => self.items().apply(shape, rank),
        }
    }

    /// The object node at the parent of `path`, and the leaf name.
    fn walk<'p>(&mut self, path: &'p str) -> (&mut Node, &'p str) {
        let mut segments: Vec<&str> = path.split('.').collect();
        let leaf = segments.pop().unwrap_or_default();
        let mut node = self;
        for seg in segments {
            node = match seg.strip_suffix("[]") {
                Some(name) => node.child(name).items(),
                None => {
                    let child = node.child(seg);
                    if child.ty == Ty::Any {
                        child.ty = Ty::Object;
                    }
                    child
                }
            };
        }
        (node, leaf)
    }

    /// The member `name` of this object node (created untyped when new). A `name[]` leaf
    /// makes the member an array.
    fn child(&mut self, name: &str) -> &mut Node {
        let (name, each) = match name.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (name, false),
        };
        let index = match self.properties.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.properties.push((name.to_string(), Node::any()));
                self.properties.len() - 1
            }
        };
        let node = &mut self.properties[index].1;
        if each {
            node.items();
        }
        node
    }

    /// The item node of this array node (made an array of objects when it was not).
    fn items(&mut self) -> &mut Node {
        if !matches!(self.ty, Ty::Array(_)) {
            let mut item = Node::any();
            item.ty = Ty::Object;
            self.ty = Ty::Array(Box::new(item));
        }
        match &mut self.ty {
            Ty::Array(item) => item,
            _ => unreachable!("set just above"),
        }
    }

    /// Whether the tree declares anything beyond "an object".
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty() && self.rules.is_empty()
    }

    /// How many members, at any depth below the top, carry a `required` list or a rule.
    pub fn nested_constraints(&self) -> usize {
        let mut count = 0;
        for (_, child) in &self.properties {
            count += child.constraints_below();
        }
        count
    }

    fn constraints_below(&self) -> usize {
        let own = usize::from(!self.required.is_empty() || !self.rules.is_empty());
        let items = match &self.ty {
            Ty::Array(item) => item.constraints_below(),
            _ => 0,
        };
        own + items
            + self
                .properties
                .iter()
                .map(|(_, c)| c.constraints_below())
                .sum::<usize>()
    }

    /// Names of the top-level required members.
    pub fn top_required(&self) -> &[String] {
        &self.required
    }

    /// Checks `value` (not `null`) against this node; `path` names it in errors. Missing
    /// members come first, in the order the table declares them, then wrong values and rules.
    pub fn validate(&self, value: &Value, path: &str, errors: &mut Vec<FieldError>) {
        let mut ranked = Vec::new();
        self.check(value, path, &mut ranked);
        ranked.sort_by_key(|(rank, _)| *rank);
        errors.extend(ranked.into_iter().map(|(_, e)| e));
    }

    fn check(&self, value: &Value, path: &str, errors: &mut Vec<(usize, FieldError)>) {
        let fail = |errors: &mut Vec<(usize, FieldError)>, message: &str| {
            errors.push((usize::MAX, FieldError::new(path, message.to_string())))
        };
        match (&self.ty, value) {
            (Ty::Any, _) => {}
            (Ty::Object, Value::Object(map)) => self.validate_object(map, path, errors),
            (Ty::Object, _) => fail(errors, "must be an object"),
            (Ty::Array(item), Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    let at = format!("{path}[{i}]");
                    if v.is_null() {
                        errors.push((usize::MAX, FieldError::new(at, "must not be null")));
                    } else {
                        item.check(v, &at, errors);
                    }
                }
            }
            (Ty::Array(_), _) => fail(errors, "must be an array"),
            (Ty::Text, Value::String(_)) => {}
            (Ty::Text, _) => fail(errors, "must be a string"),
            (Ty::Number, Value::Number(_)) => {}
            (Ty::Number, _) => fail(errors, "must be a number"),
            (Ty::Integer(min), Value::Number(n)) => match n.as_i64() {
                Some(i) if i >= *min => {}
                Some(_) => fail(errors, &format!("must be at least {min}")),
                None => fail(errors, "must be a whole number"),
            },
            (Ty::Integer(_), _) => fail(errors, "must be a whole number"),
            (Ty::Boolean, Value::Bool(_)) => {}
            (Ty::Boolean, _) => fail(errors, "must be true or false"),
            (Ty::Enum(values), Value::String(s)) if values.contains(&s.as_str()) => {}
            (Ty::Enum(values), _) => fail(errors, &format!("must be one of {}", values.join(", "))),
        }
    }

    fn validate_object(
        &self,
        map: &Map<String, Value>,
        path: &str,
        errors: &mut Vec<(usize, FieldError)>,
    ) {
        let present = |name: &str| map.get(name).is_some_and(|v| !v.is_null());
        for (name, rank) in self.required.iter().zip(&self.rank) {
            let message = match map.get(name.as_str()) {
                None | Some(Value::Null) => "required",
                Some(Value::String(s)) if s.trim().is_empty() => "must not be empty",
                Some(_) => continue,
            };
            errors.push((*rank, FieldError::new(format!("{path}.{name}"), message)));
        }
        let mut rule_errors = Vec::new();
        for rule in &self.rules {
            check_rule(rule, &present, map, path, &mut rule_errors);
        }
        errors.extend(rule_errors.into_iter().map(|e| (usize::MAX, e)));
        for (name, child) in &self.properties {
            match map.get(name.as_str()) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) if s.trim().is_empty() && self.required.contains(name) => {}
                Some(v) => child.check(v, &format!("{path}.{name}"), errors),
            }
        }
    }

    /// This node as JSON Schema (2020-12). Required members may not be `null` or blank text.
    pub fn schema(&self) -> Value {
        let mut s = Map::new();
        match &self.ty {
            Ty::Any => {}
            Ty::Object => {
                s.insert("type".into(), json!("object"));
            }
            Ty::Array(item) => {
                s.insert("type".into(), json!("array"));
                s.insert("items".into(), item.schema());
            }
            Ty::Text => {
                s.insert("type".into(), json!("string"));
            }
            Ty::Number => {
                s.insert("type".into(), json!("number"));
            }
            Ty::Integer(min) => {
                s.insert("type".into(), json!("integer"));
                s.insert("minimum".into(), json!(min));
            }
            Ty::Boolean => {
                s.insert("type".into(), json!("boolean"));
            }
            Ty::Enum(values) => {
                s.insert("type".into(), json!("string"));
                s.insert("enum".into(), json!(values));
            }
        }
        if !self.properties.is_empty() {
            let mut props = Map::new();
            for (name, child) in &self.properties {
                let mut c = child.schema();
                if !self.required.contains(name) {
                    // The validator treats an optional `null` as absent (AfterShip's own
                    // examples send `null` for unused parts), so the schema allows it too.
                    allow_null(&mut c);
                } else {
                    if let Value::Object(m) = &mut c {
                        // `required` only asks for the key; the validator also refuses null
                        // and blank text, which these two keywords say.
                        m.insert("pattern".into(), json!("\\S"));
                        if child.ty == Ty::Any {
                            // Any type but null (listed, so a form library can draw a field).
                            m.insert(
                                "type".into(),
                                json!(["string", "number", "boolean", "object", "array"]),
                            );
                        }
                    }
                }
                props.insert(name.clone(), c);
            }
            s.insert("properties".into(), Value::Object(props));
        }
        if !self.required.is_empty() {
            s.insert("required".into(), json!(self.required));
        }
        rules_schema(&self.rules, &mut s);
        Value::Object(s)
    }
}

/// Lets a typed schema also accept `null`.
fn allow_null(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    if let Some(ty) = map.get("type").cloned() {
        map.insert("type".into(), json!([ty, "null"]));
        if let Some(Value::Array(values)) = map.get_mut("enum") {
            values.push(Value::Null);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEIGHT: Shape = Shape::required(&["unit", "value"])
        .fields(&[("unit", Kind::Enum(&["kg", "lb"])), ("value", Kind::Number)]);
    const PARCEL: Shape = Shape::required(&["items"]).fields(&[("weight", Kind::Object(&WEIGHT))]);
    const BODY: Shape = Shape::required(&["a", "shipment.parcels"])
        .fields(&[("shipment.parcels", Kind::Each(&PARCEL))])
        .rules(&[Rule::ExactlyOne(&["x", "y"])]);

    fn errors(value: Value) -> Vec<String> {
        let mut errors = Vec::new();
        Node::from_shape(&BODY).validate(&value, "body", &mut errors);
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn nested_parts_are_checked_where_their_parent_is_given() {
        assert_eq!(errors(json!({"a": 1, "x": 1})), Vec::<String>::new());
        assert_eq!(errors(json!({"x": 1})), ["body.a"]);
        assert_eq!(
            errors(json!({"a": 1, "x": 1, "shipment": {}})),
            ["body.shipment.parcels"]
        );
        assert_eq!(
            errors(
                json!({"a": 1, "x": 1, "shipment": {"parcels": [{"items": [], "weight": {"unit": "g"}}]}})
            ),
            [
                "body.shipment.parcels[0].weight.value",
                "body.shipment.parcels[0].weight.unit"
            ]
        );
        assert_eq!(
            errors(json!({"a": " ", "y": 1, "x": 2})),
            ["body.a", "body.y"]
        );
        assert_eq!(errors(json!({"a": 1})), ["body.x"]);
    }

    #[test]
    fn the_schema_carries_the_same_tree() {
        let schema = Node::from_shape(&BODY).schema();
        let weight = &schema["properties"]["shipment"]["properties"]["parcels"]["items"]
            ["properties"]["weight"];
        assert_eq!(weight["required"], json!(["unit", "value"]));
        assert_eq!(weight["properties"]["unit"]["enum"], json!(["kg", "lb"]));
        assert_eq!(
            schema["allOf"][0]["oneOf"][1],
            json!({"title": "with y", "required": ["y"]})
        );
    }
}
