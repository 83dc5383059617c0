//! The one stream type the client's streaming calls return (pages, items, server-sent events).

use crate::error::Error;
use futures_core::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A stream of a call's results: `Unpin` and `Send`, so that `.next().await` works on it as it
/// is and it can move between tasks. [`Paged`](crate::pagination::Paged) and
/// [`EventStream`](crate::EventStream) are this type.
pub struct CallStream<'a, T, E = serde_json::Value> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send + 'a>>,
}

impl<T, E> Stream for CallStream<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T, E> std::fmt::Debug for CallStream<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CallStream")
    }
}

/// Boxes a stream into a [`CallStream`].
pub(crate) fn boxed<'a, T, E>(
    stream: impl Stream<Item = Result<T, Error<E>>> + Send + 'a,
) -> CallStream<'a, T, E> {
    CallStream {
        inner: Box::pin(stream),
    }
}
