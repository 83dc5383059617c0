//! Paging through list operations: a stream of pages, each one a normal call (retries,
//! errors), and a stream of their items.
//!
//! The stopping rules trust only what a page *is*, never a page size the server reports
//! (Meteroid answers 25 rows while reporting `per_page: 10` when `per_page` is omitted):
//! - by page number: after page `p` holding `n` items of `total_pages`, stop when `n == 0` or
//!   `p + 1 >= total_pages`;
//! - by offset: after `n` items from offset `o` of `total_count`, stop when `n == 0` or
//!   `o + n >= total_count`.
//!
//! The first error ends the stream, after being yielded.

use crate::error::Error;
use crate::stream::{CallStream, boxed as paged};
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

/// A stream of pages or items: `Unpin` and `Send`, so that `.next().await` works on it as it
/// is and it can move between tasks.
pub type Paged<'a, T, Err = Error> = CallStream<'a, T, Err>;

/// A count a page reports (`total_pages`, `total_count`) as an unsigned number; a negative one
/// counts as none.
pub trait Count {
    /// The count, `0` when negative.
    fn count(&self) -> u64;
}

macro_rules! counts {
    ($($t:ty),*) => {
        $(impl Count for $t {
            fn count(&self) -> u64 {
                u64::try_from(*self).unwrap_or(0)
            }
        })*
    };
}

counts!(i32, i64, u32, u64, usize);

/// Pages by page number from `first`: `fetch(page)` makes one call; `progress(&response)`
/// says how many items it held and how many pages there are.
pub fn by_page<'a, P, Err, F, Fut>(
    first: u32,
    fetch: F,
    progress: fn(&P) -> (usize, u64),
) -> Paged<'a, P, Err>
where
    F: FnMut(u32) -> Fut + Send + 'a,
    Fut: Future<Output = Result<P, Err>> + Send + 'a,
    P: Send + 'a,
    Err: Send + 'a,
{
    walk(first, fetch, progress, |page, items, total_pages| {
        page.checked_add(1)
            .filter(|next| items > 0 && u64::from(*next) < total_pages)
    })
}

/// Pages by offset from `first`: `fetch(offset)` makes one call; `progress(&response)` says
/// how many items it held and how many there are in all.
pub fn by_offset<'a, P, Err, F, Fut>(
    first: u64,
    fetch: F,
    progress: fn(&P) -> (usize, u64),
) -> Paged<'a, P, Err>
where
    F: FnMut(u64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<P, Err>> + Send + 'a,
    P: Send + 'a,
    Err: Send + 'a,
{
    walk(first, fetch, progress, |offset, items, total| {
        offset
            .checked_add(items as u64)
            .filter(|next| items > 0 && *next < total)
    })
}

/// The walk both pagers make: fetch at `position`, yield the page, then `step(position,
/// items, total)` gives the next position or ends it; an error is yielded and ends it.
///
/// Written as one `poll` function rather than with `stream::unfold` and an `async` block:
/// every list operation instantiates this, and the combinators cost several times the code.
fn walk<'a, C, P, Err, F, Fut>(
    first: C,
    mut fetch: F,
    progress: fn(&P) -> (usize, u64),
    step: fn(C, usize, u64) -> Option<C>,
) -> Paged<'a, P, Err>
where
    C: Copy + Send + 'a,
    F: FnMut(C) -> Fut + Send + 'a,
    Fut: Future<Output = Result<P, Err>> + Send + 'a,
    P: Send + 'a,
    Err: Send + 'a,
{
    let mut next = Some(first);
    // The call in flight, with the position it fetches. Boxed so that the closure that owns it
    // need not be pinned; one allocation per page, beside a network call.
    let mut in_flight: Option<(C, Pin<Box<Fut>>)> = None;
    paged(futures_util::stream::poll_fn(move |cx| {
        if in_flight.is_none() {
            let Some(position) = next.take() else {
                return Poll::Ready(None);
            };
            in_flight = Some((position, Box::pin(fetch(position))));
        }
        let Some((position, call)) = in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = std::task::ready!(call.as_mut().poll(cx));
        let position = *position;
        in_flight = None;
        // After an error `next` stays `None`: it was taken when the call started.
        Poll::Ready(Some(result.inspect(|page| {
            let (items, total) = progress(page);
            next = step(position, items, total);
        })))
    }))
}

/// The items of a stream of pages, in order; a page's error is yielded in its place.
pub fn items<'a, P, T, Err>(pages: Paged<'a, P, Err>, take: fn(P) -> Vec<T>) -> Paged<'a, T, Err>
where
    P: Send + 'a,
    T: Send + 'a,
    Err: Send + 'a,
{
    use futures_core::Stream as _;
    // `None` once the pages have ended, so that they are not polled again.
    let mut pages = Some(pages);
    let mut batch = Vec::new().into_iter();
    paged(futures_util::stream::poll_fn(move |cx| {
        loop {
            if let Some(item) = batch.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            let Some(stream) = pages.as_mut() else {
                return Poll::Ready(None);
            };
            match std::task::ready!(Pin::new(stream).poll_next(cx)) {
                Some(Ok(page)) => batch = take(page).into_iter(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => {
                    pages = None;
                    return Poll::Ready(None);
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt as _;
    use std::sync::{Arc, Mutex};

    /// A page as Meteroid answers: its rows and the page count (its `per_page` is not used).
    #[derive(Debug, Clone, PartialEq)]
    struct Page {
        rows: Vec<u32>,
        total_pages: u32,
        reported_per_page: u32,
    }

    /// 60 rows served 25 per page, while reporting `per_page: 10` and 3 pages.
    fn server(page: u32) -> Page {
        let rows: Vec<u32> = (page * 25..(page * 25 + 25).min(60)).collect();
        Page {
            rows,
            total_pages: 3,
            reported_per_page: 10,
        }
    }

    fn progress(page: &Page) -> (usize, u64) {
        (page.rows.len(), page.total_pages.count())
    }

    #[tokio::test]
    async fn pages_stop_at_the_last_page_whatever_per_page_says() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let pages = by_page::<_, serde_json::Value, _, _>(
            0,
            move |page| {
                log.lock().unwrap().push(page);
                async move { Ok(server(page)) }
            },
            progress,
        );
        let items: Vec<u32> = items(pages, |p: Page| p.rows)
            .map(|item| item.unwrap())
            .collect()
            .await;
        assert_eq!(items, (0..60).collect::<Vec<_>>());
        assert_eq!(*asked.lock().unwrap(), [0, 1, 2]);
    }

    #[tokio::test]
    async fn an_empty_page_ends_it_even_if_more_pages_are_announced() {
        let pages = by_page::<_, serde_json::Value, _, _>(
            5,
            |page| async move {
                Ok(Page {
                    rows: if page == 5 { vec![1] } else { vec![] },
                    total_pages: 100,
                    reported_per_page: 10,
                })
            },
            progress,
        );
        let got: Vec<_> = pages.collect().await;
        assert_eq!(got.len(), 2, "page 5, then the empty page 6");
    }

    #[tokio::test]
    async fn an_error_is_yielded_and_ends_the_stream() {
        let pages = by_page::<Page, Error, _, _>(
            0,
            |page| async move {
                if page == 1 {
                    Err(Error::InvalidRequest("down".into()))
                } else {
                    Ok(server(page))
                }
            },
            progress,
        );
        let got: Vec<_> = pages.collect().await;
        assert_eq!(got.len(), 2);
        assert!(got[0].is_ok() && got[1].is_err());
    }

    #[tokio::test]
    async fn items_yield_a_pages_error_in_its_place_then_end() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let pages = by_page::<Page, Error, _, _>(
            0,
            move |page| {
                log.lock().unwrap().push(page);
                async move {
                    // Pending once first, as a real call is.
                    tokio::task::yield_now().await;
                    if page == 1 {
                        Err(Error::InvalidRequest("down".into()))
                    } else {
                        Ok(server(page))
                    }
                }
            },
            progress,
        );
        let got: Vec<_> = items(pages, |p: Page| p.rows).collect().await;
        assert_eq!(got.len(), 26, "page 0's 25 rows, then the error");
        assert!(got[..25].iter().all(Result::is_ok));
        assert!(matches!(got[25], Err(Error::InvalidRequest(_))));
        assert_eq!(
            *asked.lock().unwrap(),
            [0, 1],
            "nothing is fetched after the error"
        );
    }

    #[tokio::test]
    async fn offsets_advance_by_what_arrived_until_the_total() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let pages = by_offset::<_, serde_json::Value, _, _>(
            0,
            move |offset| {
                log.lock().unwrap().push(offset);
                // 7 items in all, at most 3 per call.
                let rows: Vec<u32> = (offset as u32..(offset as u32 + 3).min(7)).collect();
                async move { Ok((rows, 7i64)) }
            },
            |(rows, total): &(Vec<u32>, i64)| (rows.len(), total.count()),
        );
        let all: Vec<u32> = items(pages, |(rows, _)| rows)
            .map(|r| r.unwrap())
            .collect()
            .await;
        assert_eq!(all, (0..7).collect::<Vec<_>>());
        assert_eq!(*asked.lock().unwrap(), [0, 3, 6]);
    }

    #[test]
    fn negative_counts_are_none() {
        assert_eq!((-3i64).count(), 0);
        assert_eq!(7u32.count(), 7);
        let _ = server(0).reported_per_page;
    }
}
