//! Entities: mentions merged into article-level entities.
use crate::span::Span;
use crate::ner::Mention;
use crate::structure::Structure;
use crate::text::Tokens;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityType { Person, Org, Place, Norp, Misc }

#[derive(Clone, Debug)]
pub struct Entity {
    pub name: String,
    pub ty: EntityType,
    pub roles: Vec<String>,
    pub credit: bool,
    pub mentions: Vec<Span>,
}

pub fn resolve(_text: &str, _s: &Structure, _t: &Tokens, _m: &[Mention]) -> Vec<Entity> { Vec::new() }
