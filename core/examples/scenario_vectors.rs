//! Writes the token manager's scenario vectors, `tests/vectors/scenarios/*.json`: a
//! configuration, a seed and a script of events, each with the outcome the manager gives. The
//! expectations are the manager's own answers (regression pinning); the hand-written scenario
//! tests in `core/tests/token_manager.rs` check the behaviour independently. Every binding
//! replays these files. Schema: `tests/vectors/scenarios/README.md`.
//!
//! Run from the repository root: `cargo run -p careerpro-fla --example scenario_vectors`, then
//! `git diff --exit-code tests/vectors/scenarios` to see drift.

// A generator writes files and reports what it wrote, so the core's sans-IO rules do not apply;
// indexing is on `serde_json::Value` objects it builds itself.
#![allow(clippy::disallowed_methods, clippy::print_stdout, clippy::indexing_slicing)]

use careerpro_fla::UnixTime;
use std::path::Path;

use careerpro_fla::format_http_date;
use careerpro_fla::{
    Action, Handled, Ticket, TokenManager, TokenManagerConfig,
    TransportErrorKind as TransportFailure,
};
use careerpro_fla::{HttpResponse, Result};
use serde_json::{json, Value};

/// 2026-01-01T00:00:00Z in ms.
const T0: i64 = 1_767_225_600_000;
const S: i64 = 1000;

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/scenarios");
    std::fs::create_dir_all(&dir)?;
    for scenario in scenarios()? {
        let path = dir.join(format!("{}.json", scenario["name"].as_str().unwrap_or("unnamed")));
        std::fs::write(&path, serde_json::to_string_pretty(&scenario)? + "\n")?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Runs a manager and records every event with the manager's answer.
struct Script {
    name: &'static str,
    description: &'static str,
    seed: u64,
    config: TokenManagerConfig,
    manager: TokenManager,
    events: Vec<Value>,
    ticket: u64,
}

impl Script {
    fn new(name: &'static str, description: &'static str) -> Result<Script> {
        Script::with_config(name, description, TokenManagerConfig::default())
    }

    fn with_config(
        name: &'static str,
        description: &'static str,
        config: TokenManagerConfig,
    ) -> Result<Script> {
        let seed = 42;
        let manager = TokenManager::new(config.clone(), seed)?;
        Ok(Script { name, description, seed, config, manager, events: Vec::new(), ticket: 0 })
    }

    fn poll(&mut self, now: i64) -> &mut Script {
        self.poll_with(now, None)
    }

    fn poll_with(&mut self, now: i64, message_contains: Option<&str>) -> &mut Script {
        let mut expect = match self.manager.poll(UnixTime::from_millis(now)) {
            Action::UseToken(t) => json!({
                "action": "use_token",
                "token": t.secret(),
                "expires_at": Value::Null,
            }),
            Action::FetchToken { ticket } => {
                self.ticket = ticket.id();
                json!({"action": "fetch_token", "ticket": ticket.id()})
            }
            Action::Wait { until, reason } => {
                json!({"action": "wait", "until": until, "reason": reason.as_str()})
            }
            Action::Fail(e) => {
                let mut v = json!({"action": "fail", "code": e.code().as_str()});
                if let Some(part) = message_contains {
                    assert!(e.message().contains(part), "{}", e.message());
                    v["message_contains"] = json!(part);
                }
                v
            }
        };
        if expect["action"] == "use_token" {
            expect["expires_at"] = json!(self.manager.token_expires_at());
        }
        self.events.push(json!({"event": "poll", "now": now, "expect": expect}));
        self
    }

    /// Answers the last ticket handed out.
    fn respond(
        &mut self,
        now: i64,
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
    ) -> &mut Script {
        self.respond_to(self.ticket, now, status, headers, body, None)
    }

    fn respond_to(
        &mut self,
        ticket: u64,
        now: i64,
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
        message_contains: Option<&str>,
    ) -> &mut Script {
        let response = HttpResponse::new(
            status,
            headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            body.as_bytes().to_vec(),
        );
        let got = self.manager.handle_response(
            Ticket::from_id(ticket),
            UnixTime::from_millis(now),
            &response,
        );
        let expect = outcome(got, message_contains);
        self.events.push(json!({
            "event": "respond", "now": now, "ticket": ticket, "status": status,
            "headers": headers.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
            "body": body, "expect": expect,
        }));
        self
    }

    fn transport_error(&mut self, now: i64, kind: TransportFailure) -> &mut Script {
        let got = self.manager.handle_transport_error(
            Ticket::from_id(self.ticket),
            UnixTime::from_millis(now),
            kind,
        );
        self.events.push(json!({
            "event": "transport_error", "now": now, "ticket": self.ticket,
            "kind": kind.as_str(), "expect": outcome(got, None),
        }));
        self
    }

    fn invalidate(&mut self, now: i64) -> &mut Script {
        let dropped = self.manager.invalidate(UnixTime::from_millis(now));
        self.events.push(json!({
            "event": "invalidate", "now": now, "expect": {"invalidated": dropped},
        }));
        self
    }

    fn assertion_time(&mut self, now: i64) -> &mut Script {
        let expect = json!({
            "seconds": self.manager.assertion_time(UnixTime::from_millis(now)).as_secs(),
            "clock_skew": self.manager.clock_skew_ms().map(|ms| ms / 1000),
        });
        self.events.push(json!({"event": "assertion_time", "now": now, "expect": expect}));
        self
    }

    /// The expectation recorded for the last event.
    fn last_expect(&self) -> Value {
        self.events.last().map(|e| e["expect"].clone()).unwrap_or_default()
    }

    fn finish(&self) -> Value {
        json!({
            "name": self.name,
            "description": self.description,
            "seed": self.seed,
            "config": self.config,
            "events": self.events,
        })
    }
}

fn outcome(got: Result<Handled>, message_contains: Option<&str>) -> Value {
    match got {
        Ok(h) => json!({"result": h.as_str()}),
        Err(e) => {
            let mut v = json!({"result": "error", "code": e.code().as_str()});
            if let Some(part) = message_contains {
                assert!(e.message().contains(part), "{}", e.message());
                v["message_contains"] = json!(part);
            }
            v
        }
    }
}

fn token(value: &str, expires_in: Option<u64>) -> String {
    match expires_in {
        Some(s) => {
            format!(r#"{{"access_token":"{value}","token_type":"Bearer","expires_in":{s}}}"#)
        }
        None => format!(r#"{{"access_token":"{value}","token_type":"Bearer"}}"#),
    }
}

fn scenarios() -> Result<Vec<Value>> {
    let mut out = Vec::new();

    let mut s = Script::new("first_fetch", "no token: one fetch, then the token is used")?;
    s.poll(T0).respond(T0 + 120, 200, &[], &token("token-1", Some(3600))).poll(T0 + 200);
    s.poll(T0 + 1_000 * S).poll(T0 + 2_000 * S);
    out.push(s.finish());

    let mut s = Script::new(
        "early_refresh",
        "after about 80 % of the lifetime (jittered) one caller fetches; the others keep the old token",
    )?;
    s.poll(T0).respond(T0, 200, &[], &token("token-1", Some(3600)));
    // Polls every 20 s into the refresh window [2520 s, 2880 s] until the refresh starts.
    let mut now = T0 + 2490 * S;
    while now <= T0 + 2880 * S {
        s.poll(now);
        if s.last_expect()["action"] == "fetch_token" {
            break;
        }
        now += 20 * S;
    }
    s.poll(now + 1).poll(now + 10 * S);
    s.respond(now + 10 * S, 200, &[], &token("token-2", Some(3600))).poll(now + 10 * S + 1);
    out.push(s.finish());

    let mut s =
        Script::new("concurrent_callers", "many callers at once: one fetch, the rest wait")?;
    for i in 0..5 {
        s.poll(T0 + i);
    }
    s.respond(T0 + 300, 200, &[], &token("token-1", Some(600)));
    for i in 0..3 {
        s.poll(T0 + 301 + i);
    }
    out.push(s.finish());

    let mut s = Script::new("retry_after_seconds", "429 with Retry-After: 7 → wait 7 s")?;
    s.poll(T0).respond(T0 + 100, 429, &[("Retry-After", "7")], "");
    s.poll(T0 + 200).poll(T0 + 7_099).poll(T0 + 7_100);
    s.respond(T0 + 7_200, 200, &[], &token("token-1", Some(600))).poll(T0 + 7_300);
    out.push(s.finish());

    let date = format_http_date(UnixTime::from_secs(T0 / S + 300));
    let later = format_http_date(UnixTime::from_secs(T0 / S + 320));
    let mut s = Script::new(
        "retry_after_http_date",
        "429 with an HTTP-date Retry-After, read against the server's own Date (5 min ahead)",
    )?;
    s.poll(T0).respond(T0, 429, &[("Date", &date), ("Retry-After", &later)], "");
    s.poll(T0 + S).poll(T0 + 20 * S);
    s.respond(T0 + 20 * S, 429, &[("Retry-After", "86400")], "").poll(T0 + 21 * S);
    out.push(s.finish());

    let mut s = Script::new("service_unavailable", "503s back off exponentially with jitter")?;
    s.poll(T0).respond(T0, 503, &[], "<html>Service Unavailable</html>").poll(T0);
    s.poll(T0 + S).respond(T0 + S, 503, &[], "").poll(T0 + S);
    s.poll(T0 + 3 * S).respond(T0 + 3 * S, 502, &[], "").poll(T0 + 3 * S);
    s.poll(T0 + 7 * S).respond(T0 + 7 * S, 200, &[], &token("token-1", Some(600)));
    s.poll(T0 + 7 * S);
    out.push(s.finish());

    let mut s = Script::new("transport_timeout", "the host reports a transport failure: back-off")?;
    s.poll(T0).transport_error(T0 + 10 * S, TransportFailure::Timeout).poll(T0 + 10 * S);
    s.poll(T0 + 11 * S).transport_error(T0 + 12 * S, TransportFailure::Connect);
    s.poll(T0 + 12 * S).poll(T0 + 14 * S);
    out.push(s.finish());

    let body = r#"{"error":"invalid_client","error_description":"signature invalid"}"#;
    let mut s = Script::new(
        "invalid_client_cooldown",
        "invalid_client fails fast, keeps failing for the 30 s cool-down, then allows one fetch",
    )?;
    s.poll(T0).respond(T0, 401, &[], body);
    s.poll(T0 + 1).poll(T0 + 29_999).poll(T0 + 30 * S).poll(T0 + 30 * S + 1);
    s.respond(T0 + 31 * S, 400, &[], r#"{"error":"invalid_scope"}"#).poll(T0 + 31 * S);
    s.poll(T0 + 61 * S);
    out.push(s.finish());

    let now = T0 + 500;
    let ahead = format_http_date(UnixTime::from_millis(now + 120 * S));
    let mut s = Script::new(
        "clock_skew",
        "the server's Date is 120 s ahead: assertion_time follows it and invalid_client says so",
    )?;
    s.assertion_time(now).poll(now);
    s.respond_to(
        1,
        now,
        400,
        &[("Date", &ahead)],
        r#"{"error":"invalid_client"}"#,
        Some("your clock is 120 s off"),
    );
    s.assertion_time(now).poll_with(now + S, Some("120 s behind"));
    s.poll(now + 30 * S).respond(now + 31 * S, 200, &[], &token("token-1", Some(600)));
    s.assertion_time(now + 31 * S).poll(now + 31 * S);
    out.push(s.finish());

    let mut s = Script::new("invalidate_after_401", "an API's 401 invalidates the token: refetch")?;
    s.poll(T0).respond(T0, 200, &[], &token("token-1", Some(3600))).poll(T0 + 100 * S);
    s.invalidate(T0 + 100 * S).invalidate(T0 + 100 * S).poll(T0 + 100 * S);
    s.respond(T0 + 101 * S, 200, &[], &token("token-2", Some(3600))).poll(T0 + 101 * S);
    out.push(s.finish());

    let mut s = Script::new(
        "invalidate_storm_guard",
        "a host that invalidates every new token at once is throttled, not looped",
    )?;
    s.poll(T0).respond(T0, 200, &[], &token("token-0", Some(3600)));
    let mut now = T0 + 100 * S;
    for i in 1..=6 {
        s.invalidate(now).poll(now);
        let last = s.last_expect();
        let wait_until = if last["action"] == "wait" { last["until"].as_i64() } else { None };
        if let Some(until) = wait_until {
            now = until;
            s.poll(now);
        }
        s.respond(now, 200, &[], &token(&format!("token-{i}"), Some(3600)));
        now += 100;
    }
    out.push(s.finish());

    let mut s = Script::new("no_expires_in", "a token without expires_in lives 300 s (default)")?;
    s.poll(T0).respond(T0, 200, &[], &token("token-1", None)).poll(T0 + S);
    // Refresh in [210 s, 240 s]; usable until 300 s − 10 s margin.
    s.poll(T0 + 209 * S).poll(T0 + 240 * S).poll(T0 + 269 * S);
    s.respond(T0 + 269 * S, 503, &[("Retry-After", "60")], "");
    s.poll(T0 + 290 * S - 1).poll(T0 + 290 * S);
    out.push(s.finish());

    let mut s = Script::new(
        "stale_ticket",
        "answers to unknown or superseded tickets are ignored and change nothing",
    )?;
    s.poll(T0);
    s.respond_to(99, T0 + 1, 200, &[], &token("intruder", Some(600)), None);
    s.poll(T0 + 2).poll(T0 + 30 * S);
    s.respond_to(1, T0 + 31 * S, 200, &[], &token("late", Some(600)), None);
    s.poll(T0 + 31 * S);
    s.respond_to(2, T0 + 32 * S, 200, &[], &token("token-2", Some(600)), None);
    s.respond_to(2, T0 + 33 * S, 200, &[], &token("again", Some(600)), None);
    s.poll(T0 + 33 * S);
    out.push(s.finish());

    let mut config = TokenManagerConfig::default();
    config.fetch_timeout_ms = 10_000;
    let mut s = Script::with_config(
        "fetch_timeout",
        "a fetch without an answer is abandoned after fetch_timeout_ms (10 s here)",
        config,
    )?;
    s.poll(T0).poll(T0 + 9_999).poll(T0 + 10 * S).poll(T0 + 10 * S + 1);
    s.transport_error(T0 + 12 * S, TransportFailure::Tls).poll(T0 + 12 * S);
    out.push(s.finish());

    Ok(out)
}
