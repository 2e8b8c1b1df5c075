//! Buttons under a reply, laid out within Discord's component rules: at most 5 rows of 5, labels of
//! at most 80 characters, custom ids of at most 100 and all different.

use crate::limits::{self, chars, truncate};

/// How a button looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Blurple: moves through pages.
    Primary,
    /// Grey: answers for someone or something named on it.
    Secondary,
}

/// One button: what it says, and what Discord sends back when it is pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    pub custom_id: String,
    pub style: Style,
    /// Shown but not pressable (the first page's "Previous").
    pub disabled: bool,
}

impl Button {
    /// A button, or `None` when its custom id is too long for Discord (the text still names it).
    pub fn new(label: &str, custom_id: String, style: Style) -> Option<Button> {
        (chars(&custom_id) <= limits::CUSTOM_ID && !custom_id.is_empty()).then(|| Button {
            label: truncate(label, limits::BUTTON_LABEL),
            custom_id,
            style,
            disabled: false,
        })
    }

    pub fn disabled(mut self, disabled: bool) -> Button {
        self.disabled = disabled;
        self
    }
}

/// Rows of buttons as Discord lays them out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rows(Vec<Vec<Button>>);

impl Rows {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn rows(&self) -> &[Vec<Button>] {
        &self.0
    }

    /// Every button, row by row.
    pub fn buttons(&self) -> impl Iterator<Item = &Button> {
        self.0.iter().flatten()
    }

    /// Adds buttons, up to 5 a row, on new rows while there are rows left; a button whose id is
    /// already used is left out (Discord refuses the whole message otherwise).
    pub fn wrap(mut self, buttons: impl IntoIterator<Item = Button>) -> Rows {
        let mut row = Vec::new();
        for button in buttons {
            if self.has(&button.custom_id)
                || row.iter().any(|b: &Button| b.custom_id == button.custom_id)
            {
                continue;
            }
            row.push(button);
            if row.len() == limits::BUTTONS_PER_ROW {
                self.push_row(std::mem::take(&mut row));
            }
        }
        self.push_row(row);
        self
    }

    /// Adds one row of its own (the pager), if there is room for it.
    pub fn row(self, buttons: Vec<Button>) -> Rows {
        let room = self.0.len() < limits::ROWS;
        if room { self.wrap(buttons) } else { self }
    }

    fn has(&self, id: &str) -> bool {
        self.buttons().any(|b| b.custom_id == id)
    }

    fn push_row(&mut self, row: Vec<Button>) {
        if !row.is_empty() && self.0.len() < limits::ROWS {
            self.0.push(row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn button(i: usize) -> Button {
        Button::new(&format!("b{i}"), format!("id{i}"), Style::Secondary).unwrap()
    }

    #[test]
    fn buttons_wrap_five_a_row_and_stop_at_five_rows() {
        let rows = Rows::default().wrap((0..40).map(button));
        assert_eq!(rows.rows().len(), limits::ROWS);
        assert!(
            rows.rows()
                .iter()
                .all(|r| r.len() == limits::BUTTONS_PER_ROW)
        );
        let rows = Rows::default().wrap((0..7).map(button));
        assert_eq!(rows.rows().iter().map(Vec::len).collect::<Vec<_>>(), [5, 2]);
    }

    #[test]
    fn ids_stay_unique_and_within_limits() {
        let rows = Rows::default()
            .wrap([button(1), button(1), button(2)])
            .row(vec![button(2), button(3)]);
        let ids: Vec<&str> = rows.buttons().map(|b| b.custom_id.as_str()).collect();
        assert_eq!(ids, ["id1", "id2", "id3"]);
        assert!(Button::new("x", "i".repeat(101), Style::Primary).is_none());
        let long = Button::new(&"é".repeat(200), "id".into(), Style::Primary).unwrap();
        assert_eq!(chars(&long.label), limits::BUTTON_LABEL);
    }
}
