//! How a request can fail without an answer: a leaf module, shared by the error type, the
//! retry advice and the token manager.

/// How the host's HTTP call failed, when no response came back. Hosts classify their
/// client's exception into one of these names; the core decides what each means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransportErrorKind {
    /// No answer in time (the request may have been processed).
    Timeout,
    /// The host name did not resolve (DNS).
    Dns,
    /// The server refused the connection (nothing listens there).
    Refused,
    /// Another connection failure (reset, unreachable network).
    Connect,
    /// The TLS handshake failed (certificate, proxy, protocol).
    Tls,
    /// Anything else.
    Other,
}

impl TransportErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [TransportErrorKind] = &[
        TransportErrorKind::Timeout,
        TransportErrorKind::Dns,
        TransportErrorKind::Refused,
        TransportErrorKind::Connect,
        TransportErrorKind::Tls,
        TransportErrorKind::Other,
    ];

    /// A lowercase name (`timeout`, `dns`, `refused`, `connect`, `tls`, `other`).
    pub const fn as_str(self) -> &'static str {
        match self {
            TransportErrorKind::Timeout => "timeout",
            TransportErrorKind::Dns => "dns",
            TransportErrorKind::Refused => "refused",
            TransportErrorKind::Connect => "connect",
            TransportErrorKind::Tls => "tls",
            TransportErrorKind::Other => "other",
        }
    }

    /// The kind for its name.
    pub fn parse(s: &str) -> Option<TransportErrorKind> {
        TransportErrorKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// Whether the server may have received the request: after a timeout, a reset or an
    /// unclassified failure it may have; an unknown host, a refused connection or a failed
    /// TLS handshake never carried it.
    pub const fn may_have_been_processed(self) -> bool {
        !matches!(
            self,
            TransportErrorKind::Dns | TransportErrorKind::Refused | TransportErrorKind::Tls
        )
    }

    /// What the failure usually means, for messages.
    pub(crate) const fn hint(self) -> &'static str {
        match self {
            TransportErrorKind::Timeout => "no answer in time",
            TransportErrorKind::Dns => "the host name does not resolve; check the URL and DNS",
            TransportErrorKind::Refused => {
                "the connection was refused; check the URL and port, and that the server runs"
            }
            TransportErrorKind::Connect => "the connection failed or was reset",
            TransportErrorKind::Tls => {
                "the TLS handshake failed; check the server certificate, the trust store and \
                 any proxy"
            }
            TransportErrorKind::Other => "the request failed without an answer",
        }
    }
}
