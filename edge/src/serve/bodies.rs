//! Bodies on their way in and out of the Router, each with one job: a request body must arrive
//! whole before its deadline (a per-chunk timeout would let a trickle hold a request for ever),
//! and an answer's body keeps its connection busy until it is fully sent.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use http_body::{Frame, SizeHint};

use super::connections::RequestInProgress;

/// A request body with a deadline for the whole of it, counted from when the request head arrived.
/// The timer is made when the body is first waited for: most requests (`GET`s) never read one.
pub struct RequestBody {
    inner: Body,
    deadline: tokio::time::Instant,
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    timeout: Duration,
}

impl RequestBody {
    pub fn new(inner: Body, timeout: Duration) -> Self {
        RequestBody { inner, deadline: tokio::time::Instant::now() + timeout, timer: None, timeout }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive within {0:?}: send it at once")]
pub struct BodyTooSlow(Duration);

impl http_body::Body for RequestBody {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        let deadline = self.deadline;
        let timer = self.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTooSlow(self.timeout))))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// An answer's body, holding its connection busy (safe from eviction and the idle sweep) until it
/// is sent or dropped.
pub struct AnswerBody {
    inner: Body,
    _in_progress: RequestInProgress,
}

impl AnswerBody {
    pub fn new(inner: Body, in_progress: RequestInProgress) -> Self {
        AnswerBody { inner, _in_progress: in_progress }
    }
}

impl http_body::Body for AnswerBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
