//! Dates in e-mails, written for people in the company's time zone.

use super::Lang;

/// An instant and the company's time zone it is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    pub at: crate::domain::Timestamp,
    pub time_zone: chrono_tz::Tz,
}

impl When {
    /// `time_zone` is the company setting; an unknown zone reads as UTC.
    pub fn new(at: crate::domain::Timestamp, time_zone: &str) -> When {
        When {
            at,
            time_zone: time_zone.parse().unwrap_or(chrono_tz::UTC),
        }
    }

    /// The day and time as people say them, in the company's time zone:
    /// "jueves 3 de diciembre, 6:18" / "Thursday 3 December, 6:18".
    pub fn for_people(&self, lang: Lang) -> String {
        use chrono::{Datelike, Timelike};
        const DAYS_ES: [&str; 7] = [
            "lunes",
            "martes",
            "miércoles",
            "jueves",
            "viernes",
            "sábado",
            "domingo",
        ];
        const DAYS_EN: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        const MONTHS_ES: [&str; 12] = [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ];
        const MONTHS_EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let local = self.at.as_datetime().with_timezone(&self.time_zone);
        let weekday = local.weekday().num_days_from_monday() as usize;
        let month = local.month0() as usize;
        let (day, hour, minute) = (local.day(), local.hour(), local.minute());
        match lang {
            Lang::Es => format!(
                "{} {day} de {}, {hour}:{minute:02}",
                DAYS_ES[weekday], MONTHS_ES[month]
            ),
            Lang::En => format!(
                "{} {day} {}, {hour}:{minute:02}",
                DAYS_EN[weekday], MONTHS_EN[month]
            ),
        }
    }
}
