//! The one unit of time of the API: an instant as Unix time in milliseconds (UTC).
//!
//! Every function that needs the current time takes a [`UnixTime`] (the core has no clock), and
//! every instant it answers is one: token expiry, certificate validity, when to poll again.
//! Durations are plain integers whose names carry their unit (`delay_ms`, `lifetime`, in
//! seconds where a JWT or HTTP header counts in seconds), and JWT claims stay seconds on the
//! wire (RFC 7519 `NumericDate`).
//!
//! ```
//! use careerpro_fla::UnixTime;
//! let t = UnixTime::from_secs(1_767_225_600);
//! assert_eq!(t.as_millis(), 1_767_225_600_000);
//! assert_eq!(UnixTime::from_millis(1_999).as_secs(), 1); // rounded down
//! assert_eq!(UnixTime::from_millis(-1).as_secs(), -1);   // before 1970 too
//! ```

/// An instant: milliseconds since 1970-01-01T00:00:00Z (negative before it).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct UnixTime(i64);

impl UnixTime {
    /// 1970-01-01T00:00:00Z.
    pub const EPOCH: UnixTime = UnixTime(0);

    /// The instant `ms` milliseconds after the epoch (what `Date.now()` and
    /// `time.time_ns() // 1_000_000` give).
    pub const fn from_millis(ms: i64) -> UnixTime {
        UnixTime(ms)
    }

    /// The instant `s` seconds after the epoch (saturating far outside any real date).
    pub const fn from_secs(s: i64) -> UnixTime {
        UnixTime(s.saturating_mul(1000))
    }

    /// Milliseconds since the epoch.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// Whole seconds since the epoch, rounded down (towards the past, also before 1970).
    pub const fn as_secs(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// The instant `ms` milliseconds later (earlier when negative), saturating.
    #[must_use]
    pub const fn add_millis(self, ms: i64) -> UnixTime {
        UnixTime(self.0.saturating_add(ms))
    }
}
