//! The one stream type the client's streaming calls return (pages, items, server-sent events).

use crate::error::Error;
use futures_core::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A stream of a call's results: `Unpin` and `Send`, so that `.next().await` works on it as it
/// is and it can move between tasks. [`Paged`](crate::pagination::Paged) and
/// [`EventStream`](crate::EventStream) are this type.
///
/// `Err` is the call's error type: the runtime's [`Error`] or a generated client's own.
pub struct CallStream<'a, T, Err = Error> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Err>> + Send + 'a>>,
}

impl<T, Err> Stream for CallStream<'_, T, Err> {
    type Item = Result<T, Err>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T, Err> std::fmt::Debug for CallStream<'_, T, Err> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CallStream")
    }
}

/// Boxes a stream into a [`CallStream`].
pub(crate) fn boxed<'a, T, Err>(
    stream: impl Stream<Item = Result<T, Err>> + Send + 'a,
) -> CallStream<'a, T, Err> {
    CallStream {
        inner: Box::pin(stream),
    }
}
