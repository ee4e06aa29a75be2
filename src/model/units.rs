//! What a figure counts (events, or distinct children) and whether repeated events are
//! dropped: settings the application fills in and every stage below reads.

use serde::{Deserialize, Serialize};

/// What one figure counts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Every dated event.
    #[default]
    Events,
    /// Distinct children with at least one event.
    Children,
}

impl Unit {
    /// Every unit, in the order tables show them.
    pub const ALL: [Unit; 2] = [Unit::Events, Unit::Children];

    /// The name used on the command line, in report files, JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Events => "events",
            Unit::Children => "children",
        }
    }

    /// No help beyond the option's own.
    pub fn help(self) -> Option<&'static str> {
        None
    }
}

/// Which units a run counts: events, children or both. A set of [`Unit`]s, never empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    #[default]
    Events,
    Children,
    Both,
}

impl Units {
    /// Every choice, in the order help lists them.
    pub const ALL: [Units; 3] = [Units::Events, Units::Children, Units::Both];

    /// The name used on the command line and in report files.
    pub fn name(self) -> &'static str {
        match self {
            Units::Events => "events",
            Units::Children => "children",
            Units::Both => "both",
        }
    }

    /// No help beyond the option's own.
    pub fn help(self) -> Option<&'static str> {
        None
    }

    /// Whether events are counted.
    pub fn events(self) -> bool {
        self != Units::Children
    }

    /// Whether distinct children are counted.
    pub fn children(self) -> bool {
        self != Units::Events
    }

    /// The units counted, events first.
    pub fn list(self) -> Vec<Unit> {
        Unit::ALL
            .into_iter()
            .filter(|u| match u {
                Unit::Events => self.events(),
                Unit::Children => self.children(),
            })
            .collect()
    }

    /// Whether rows name their unit: always, unless only events are counted (the default,
    /// where tables stay as they have always been).
    pub fn tagged(self) -> bool {
        self != Units::Events
    }
}

impl From<Unit> for Units {
    fn from(unit: Unit) -> Units {
        match unit {
            Unit::Events => Units::Events,
            Unit::Children => Units::Children,
        }
    }
}

/// Whether repeated events (same child, date and source) are dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Dedupe {
    /// On for a measure fed by several Annex A lists or CIN census tables that overlap.
    #[default]
    Auto,
    On,
    Off,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_list_what_they_count() {
        assert_eq!(Units::Events.list(), vec![Unit::Events]);
        assert_eq!(Units::Children.list(), vec![Unit::Children]);
        assert_eq!(Units::Both.list(), vec![Unit::Events, Unit::Children]);
        assert!(!Units::Events.tagged());
        assert!(Units::Children.tagged());
        assert_eq!(Units::from(Unit::Children), Units::Children);
        let names: Vec<&str> = Units::ALL.iter().map(|u| u.name()).collect();
        assert_eq!(names, ["events", "children", "both"]);
    }
}
