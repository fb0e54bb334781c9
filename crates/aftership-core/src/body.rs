//! Body specifications as a tree with reusable parts (an address, a parcel, a weight).
//!
//! An operation's body is a [`Shape`]: required member paths, typed members (which may be
//! further shapes) and conditional [`Rule`]s. The tables declare shapes as `const` data; at run
//! time a shape is expanded into a `Node` tree (crate-internal), and that one tree both validates
//! an input (`Node::validate`) and is written out as JSON Schema (`Node::schema`), so the
//! validator and `connector.json` cannot disagree about what is required.

mod rules;
// The JSON Schema writer serves the manifest only (the component leaves the feature off).
#[cfg(feature = "manifest")]
mod schema;
mod validate;
pub(crate) use rules::check_rule;
#[cfg(feature = "manifest")]
pub(crate) use rules::rules_schema;
pub use rules::Rule;

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
pub(crate) struct Node {
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

    /// Names of the top-level required members.
    #[cfg(feature = "manifest")]
    pub fn top_required(&self) -> &[String] {
        &self.required
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

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
