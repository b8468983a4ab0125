//! Polling an asynchronous result (`PLATFORM.md` §5): after a `201 Created` or `202 Accepted`
//! whose `Location` names a resource that is produced later, a [`Poller`] says when to `GET`
//! it again, until it is there ([`PollStep::Done`]), the deadline passes, or the server
//! answers an error ([`PollStep::GiveUp`]). It is plain data driven by the caller's clock, like
//! the rest of the core: the caller sleeps, sends, and feeds the answer back.
//!
//! Pending answers: `202`; `429`, `502`, `503`, `504` (transient); a redirect to the result
//! (`303 See Other`, followed at once when it stays under the base URL); and `404` only when
//! [`PollPlan::not_found_means_pending`] says so (some platform APIs answer 404 until the
//! result exists, but for others 404 is final). `Retry-After` wins over the schedule.
//!
//! ```
//! use careerpro_fla::{parse_api_response as parse_response, ApiRequest};
//! use careerpro_fla::{PollPlan, PollStep, Poller};
//! use careerpro_fla::{BaseUrl, HttpResponse, Method, UnixTime};
//! let t = |s| UnixTime::from_secs(s);
//!
//! let base = "https://services.socialsecurity.be/REST/federalLearningAccount/v1";
//! let post = ApiRequest::post("trainings").build(&BaseUrl::parse(base).unwrap(), "tok", "t-1").unwrap();
//! let accepted = HttpResponse::new(202, vec![("Location".into(), "trainings/42".into())], vec![]);
//! let accepted = parse_response(Method::Post, &post.url, &accepted, t(1_000)).unwrap();
//!
//! let mut poller = Poller::new(PollPlan::default(), base, &accepted, t(1_000)).unwrap();
//! let PollStep::PollAt { after_ms, request, .. } = poller.start(t(1_000), "tok", "t-2") else { panic!() };
//! assert_eq!((after_ms, request.url.as_str()), (1000, format!("{base}/trainings/42").as_str()));
//!
//! let ready = HttpResponse::new(200, vec![("Content-Type".into(), "application/json".into())], br#"{"id":42}"#.to_vec());
//! let PollStep::Done(result) = poller.handle(&ready, t(1_001), "tok", "t-3") else { panic!() };
//! assert_eq!(result.json.unwrap()["id"], 42);
//! ```

use crate::api::{error_from_response, parse_response, ApiRequest, ApiResponse};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::retry_after;
use crate::time::UnixTime;
use crate::url::{quote, resolve, BaseUrl};

/// When to poll and for how long.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PollPlan {
    /// Delays before each poll, in milliseconds; the last repeats (default 1 s, 2 s, 4 s, 8 s,
    /// 15 s, then every 30 s).
    pub schedule_ms: Vec<u64>,
    /// How long after the creation to keep polling, in seconds (default 300).
    pub deadline_s: u64,
    /// Whether `404 Not Found` means "not ready yet" (default false: only when the API
    /// documents it).
    pub not_found_means_pending: bool,
}

impl Default for PollPlan {
    fn default() -> PollPlan {
        PollPlan {
            schedule_ms: vec![1000, 2000, 4000, 8000, 15_000, 30_000],
            deadline_s: 300,
            not_found_means_pending: false,
        }
    }
}

/// The polling state: what is polled, since when, how often so far.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Poller {
    /// The plan.
    pub plan: PollPlan,
    /// The API base URL the polled resource must stay under.
    pub base_url: String,
    /// The absolute URL polled (the `Location`, or where a redirect led).
    pub url: String,
    /// When polling started (Unix seconds).
    pub started_at: UnixTime,
    /// Polls planned so far.
    pub polls: u32,
    /// The `Retry-After` of the last answer, in seconds, for the next delay.
    retry_after: Option<u64>,
}

/// What to do next.
#[derive(Clone, Debug, PartialEq)]
pub enum PollStep {
    /// The result is there.
    Done(ApiResponse),
    /// Send `request` at `at`, that is `after_ms` from now.
    PollAt {
        /// When to send.
        at: UnixTime,
        /// How long from `now`, in milliseconds.
        after_ms: u64,
        /// The `GET` to send.
        request: HttpRequest,
    },
    /// Stop: the deadline passed ([`ErrorCode::PollTimeout`]) or the server answered an error.
    GiveUp(Error),
}

impl Poller {
    /// Starts polling the `Location` of a `201`/`202` response (already resolved by
    /// [`parse_response`]); its `Retry-After` sets the first delay.
    ///
    /// Errors: [`ErrorCode::LocationMissing`] without a `Location`, [`ErrorCode::PathInvalid`]
    /// when it is outside `base_url`, [`ErrorCode::UrlInvalid`] for a bad base URL,
    /// [`ErrorCode::InvalidArgument`] for an empty schedule.
    pub fn new(
        plan: PollPlan,
        base_url: &str,
        accepted: &ApiResponse,
        now: UnixTime,
    ) -> Result<Poller> {
        let now = now.as_secs();
        if plan.schedule_ms.is_empty() {
            return Err(Error::new(ErrorCode::InvalidArgument, "the poll schedule is empty"));
        }
        let base = BaseUrl::parse(base_url)?;
        let Some(url) = accepted.location.clone() else {
            return Err(Error::new(
                ErrorCode::LocationMissing,
                format!(
                    "the HTTP {} answer has no usable Location header, so there is nothing to poll",
                    accepted.status
                ),
            ));
        };
        if !base.contains(&url) {
            return Err(outside(&url, &base));
        }
        let retry_after = accepted
            .header("retry-after")
            .and_then(|v| retry_after::retry_after_seconds(v, UnixTime::from_secs(now)).ok());
        Ok(Poller {
            plan,
            base_url: base.as_string(),
            url,
            started_at: UnixTime::from_secs(now),
            polls: 0,
            retry_after,
        })
    }

    /// The first poll, after the `Retry-After` of the creation answer or the first delay.
    pub fn start(&mut self, now: UnixTime, access_token: &str, trace_id: &str) -> PollStep {
        let now = now.as_secs();
        self.next(now, access_token, trace_id)
    }

    /// Takes the answer to the last poll.
    pub fn handle(
        &mut self,
        response: &HttpResponse,
        now: UnixTime,
        access_token: &str,
        trace_id: &str,
    ) -> PollStep {
        let now = now.as_secs();
        let status = response.status;
        if status == 202 {
            self.retry_after = response
                .header("retry-after")
                .and_then(|v| retry_after::retry_after_seconds(v, UnixTime::from_secs(now)).ok());
            return self.next(now, access_token, trace_id);
        }
        if (200..300).contains(&status) {
            return match parse_response(Method::Get, &self.url, response, UnixTime::from_secs(now))
            {
                Ok(done) => PollStep::Done(done),
                Err(e) => PollStep::GiveUp(e),
            };
        }
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            if let Some(target) = response.header("location").and_then(|l| resolve(&self.url, l)) {
                return match BaseUrl::parse(&self.base_url) {
                    Ok(base) if base.contains(&target) => {
                        self.url = target;
                        self.retry_after = Some(0);
                        self.next(now, access_token, trace_id)
                    }
                    Ok(base) => PollStep::GiveUp(outside(&target, &base)),
                    Err(e) => PollStep::GiveUp(e),
                };
            }
        }
        let pending = matches!(status, 429 | 502 | 503 | 504)
            || (status == 404 && self.plan.not_found_means_pending);
        let error = error_from_response(response, UnixTime::from_secs(now));
        if pending {
            self.retry_after = error.retry_after();
            return self.next(now, access_token, trace_id);
        }
        PollStep::GiveUp(error)
    }

    /// The `GET` of the polled URL, e.g. to resend it with a refreshed token.
    pub fn request(&self, access_token: &str, trace_id: &str) -> Result<HttpRequest> {
        ApiRequest::get(self.url.clone()).build(
            &BaseUrl::parse(&self.base_url)?,
            access_token,
            trace_id,
        )
    }

    /// The delay before poll number `index` (0-based): the schedule, its last entry repeating.
    pub fn scheduled_delay_ms(&self, index: u32) -> u64 {
        let i = usize::try_from(index).unwrap_or(usize::MAX);
        self.plan.schedule_ms.get(i).or(self.plan.schedule_ms.last()).copied().unwrap_or(1000)
    }

    /// Plans the next poll, or gives up past the deadline.
    fn next(&mut self, now: i64, access_token: &str, trace_id: &str) -> PollStep {
        let deadline_ms = self
            .started_at
            .as_secs()
            .saturating_add(i64::try_from(self.plan.deadline_s).unwrap_or(i64::MAX))
            .saturating_mul(1000);
        let now_ms = now.saturating_mul(1000);
        let asked = self.retry_after.take();
        let after_ms = match asked {
            Some(s) => s.saturating_mul(1000),
            None => self.scheduled_delay_ms(self.polls),
        };
        let at_ms = now_ms.saturating_add(i64::try_from(after_ms).unwrap_or(i64::MAX));
        let timeout = |why: String| {
            PollStep::GiveUp(Error::new(
                ErrorCode::PollTimeout,
                format!(
                    "{} was not ready within {} s ({} polls){why}; fetch it later with GET {}",
                    quote(&self.url),
                    self.plan.deadline_s,
                    self.polls,
                    self.url
                ),
            ))
        };
        if now_ms >= deadline_ms {
            return timeout(String::new());
        }
        if asked.is_some() && at_ms > deadline_ms {
            return timeout(format!("; the server asks to wait {after_ms} ms more"));
        }
        // A scheduled poll that would fall after the deadline happens at the deadline instead.
        let at_ms = at_ms.min(deadline_ms);
        let after_ms = u64::try_from(at_ms.saturating_sub(now_ms)).unwrap_or(0);
        match self.request(access_token, trace_id) {
            Ok(request) => {
                self.polls = self.polls.saturating_add(1);
                PollStep::PollAt { at: UnixTime::from_millis(at_ms), after_ms, request }
            }
            Err(e) => PollStep::GiveUp(e),
        }
    }
}

fn outside(url: &str, base: &BaseUrl) -> Error {
    Error::new(
        ErrorCode::PathInvalid,
        format!(
            "the Location {} is outside the API base URL {}; not polling it",
            quote(url),
            base.as_string()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_repeats_its_last_entry() {
        let p = Poller {
            plan: PollPlan::default(),
            base_url: "https://x/v1".into(),
            url: "https://x/v1/a".into(),
            started_at: UnixTime::EPOCH,
            polls: 0,
            retry_after: None,
        };
        let delays: Vec<u64> = (0..8).map(|i| p.scheduled_delay_ms(i)).collect();
        assert_eq!(delays, [1000, 2000, 4000, 8000, 15_000, 30_000, 30_000, 30_000]);
        assert_eq!(p.scheduled_delay_ms(u32::MAX), 30_000);
    }
}
