//! `text/event-stream` responses: a `Stream` of server-sent events, each one's `data` decoded
//! as JSON, read as they arrive (the HTML Living Standard's event-stream format).

use super::transport::transport_failure;
use super::{Client, credentials};
use crate::auth::SecurityRequirement;
use crate::error::{CallError, DecodeError, Error};
use crate::request::Request;
use crate::stream::{CallStream, boxed};
use serde::de::DeserializeOwned;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event:` field, the event's type, when the server names one.
    pub event: Option<String>,
    /// The last `id:` the server sent (it persists across events, as the format says).
    pub id: Option<String>,
    /// The `retry:` field: how long the server asks a client to wait before reconnecting.
    pub retry: Option<std::time::Duration>,
    /// The `data:` lines, joined with `\n` and decoded as JSON.
    pub data: T,
}

/// The events of a `text/event-stream` response, as they arrive. An event whose `data` does
/// not decode is an `Err` item ([`Error::Decode`](crate::Error::Decode), the data kept) and the
/// stream goes on; a connection lost mid-stream ends it with an `Err` item. The request was
/// retried (as the client's policy allows) only until the response's status arrived.
///
/// `Err` is the call's error type: the runtime's [`Error`](crate::Error) or a generated
/// client's own.
pub type EventStream<T, Err = Error> = CallStream<'static, Event<T>, Err>;

/// The reading state: the response, the bytes of an unfinished line, the event being built.
struct Reader {
    response: Option<reqwest::Response>,
    /// The attempts the call made before its stream began.
    attempts: u32,
    status: u16,
    headers: reqwest::header::HeaderMap,
    parser: Parser,
    /// The credentials the call sent, whose query keys a transport error's URL must not show.
    chosen: SecurityRequirement,
}

impl Client {
    /// Sends `request` (retrying as the policy allows until a 2xx status arrives) and returns
    /// the response's events as a stream.
    pub async fn send_events<T, Err>(&self, request: Request) -> Result<EventStream<T, Err>, Err>
    where
        T: DeserializeOwned + Send + 'static,
        Err: CallError + Send + 'static,
    {
        let request = request.accept("text/event-stream");
        // What `send_until` chooses too (it fails first when nothing is met).
        let chosen = self
            .inner
            .credentials
            .choose::<Err::Body>(request.operation, |name| self.sets_header(name))
            .unwrap_or(&[]);
        let (response, attempts) = self
            .send_until::<Err::Body, _, _, _>(request, |response, number| async move {
                Ok((response, number))
            })
            .await?;
        self.record(response.status().as_u16(), response.headers(), attempts);
        let reader = Reader {
            attempts,
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            response: Some(response),
            parser: Parser::default(),
            chosen,
        };
        let stream = futures_util::stream::unfold(reader, |mut reader| async move {
            let item = next_event::<T, Err::Body>(&mut reader).await?;
            Some((item.map_err(Err::from), reader))
        });
        Ok(boxed(stream))
    }
}

/// The next event, `None` at the end of the stream.
async fn next_event<T: DeserializeOwned, E>(
    reader: &mut Reader,
) -> Option<Result<Event<T>, Error<E>>> {
    loop {
        if let Some(raw) = reader.parser.next_event() {
            return Some(decode(raw, reader));
        }
        let response = reader.response.as_mut()?;
        match response.chunk().await {
            Ok(Some(chunk)) => reader.parser.feed(&chunk),
            Ok(None) => {
                reader.response = None;
                // The stream ended: an event not closed by a blank line is dropped, as the
                // format says.
                return None;
            }
            Err(e) => {
                reader.response = None;
                let error = transport_failure::<E>(e, reader.attempts).error;
                return Some(Err(credentials::redact(error, reader.chosen)));
            }
        }
    }
}

fn decode<T: DeserializeOwned, E>(raw: RawEvent, reader: &Reader) -> Result<Event<T>, Error<E>> {
    match serde_json::from_str(&raw.data) {
        Ok(data) => Ok(Event {
            event: raw.event,
            id: raw.id,
            retry: raw.retry,
            data,
        }),
        Err(e) => Err(Error::Decode(Box::new(DecodeError {
            status: reader.status,
            headers: reader.headers.clone(),
            path: crate::json_path::path_of_error(raw.data.as_bytes(), &e),
            body: raw.data.into_bytes(),
            message: e.to_string(),
        }))),
    }
}

/// An event as the format delimits it, before its data is decoded.
#[derive(Debug, Clone, PartialEq, Default)]
struct RawEvent {
    event: Option<String>,
    id: Option<String>,
    retry: Option<std::time::Duration>,
    data: String,
}

/// The event-stream format's line parser: bytes in, complete events out.
#[derive(Debug, Default)]
struct Parser {
    /// Bytes after the last line break.
    pending: Vec<u8>,
    /// A `\r` ended the last chunk: a `\n` starting the next one belongs to it.
    after_cr: bool,
    /// The event being built.
    data: Option<String>,
    event: Option<String>,
    retry: Option<std::time::Duration>,
    /// The last event ID, which persists.
    id: Option<String>,
    /// Events complete and not yet taken.
    ready: std::collections::VecDeque<RawEvent>,
}

impl Parser {
    fn feed(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            if self.after_cr {
                self.after_cr = false;
                if byte == b'\n' {
                    continue;
                }
            }
            match byte {
                b'\n' => self.line(),
                b'\r' => {
                    self.line();
                    self.after_cr = true;
                }
                other => self.pending.push(other),
            }
        }
    }

    fn next_event(&mut self) -> Option<RawEvent> {
        self.ready.pop_front()
    }

    /// One line, the bytes in `pending`.
    fn line(&mut self) {
        let line = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        if line.is_empty() {
            if let Some(data) = self.data.take() {
                self.ready.push_back(RawEvent {
                    event: self.event.take(),
                    id: self.id.clone(),
                    retry: self.retry.take(),
                    data,
                });
            }
            self.event = None;
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_str(), ""),
        };
        match field {
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_string()),
            },
            "event" => self.event = Some(value.to_string()),
            "id" if !value.contains('\0') => self.id = Some(value.to_string()),
            "retry" => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(std::time::Duration::from_millis(ms));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut parser = Parser::default();
        for chunk in chunks {
            parser.feed(chunk);
        }
        std::iter::from_fn(|| parser.next_event()).collect()
    }

    #[test]
    fn lines_fields_and_blank_line_dispatch() {
        let got = events(&[
            b": a comment\n",
            b"event: usage\nid: 7\ndata: {\"a\":\n",
            b"data: 1}\nretry: 3000\n\n",
            b"data: 2\r\n\r\n",
            b"data: unfinished",
        ]);
        assert_eq!(
            got,
            [
                RawEvent {
                    event: Some("usage".into()),
                    id: Some("7".into()),
                    retry: Some(std::time::Duration::from_millis(3000)),
                    data: "{\"a\":\n1}".into(),
                },
                // The id persists; the event type does not.
                RawEvent {
                    event: None,
                    id: Some("7".into()),
                    retry: None,
                    data: "2".into(),
                },
            ]
        );
    }

    #[test]
    fn a_line_break_split_across_chunks_is_one() {
        let got = events(&[b"data: 1\r", b"\n\r", b"\ndata: 2\n\n"]);
        let data: Vec<&str> = got.iter().map(|e| e.data.as_str()).collect();
        assert_eq!(data, ["1", "2"]);
    }

    #[tokio::test]
    async fn a_response_streams_its_events_and_a_bad_one_does_not_end_it() {
        use crate::client::test_support::{OP, TOKEN};
        use futures_util::StreamExt;
        use wiremock::matchers::{header, method};
        use wiremock::{Mock, MockServer, ResponseTemplate};

        let server = MockServer::start().await;
        // Two failures first: the request is retried until the stream's status arrives.
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(header("accept", "text/event-stream"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", "text/event-stream")
                    .set_body_string(
                        "data: {\"n\": 1}\n\ndata: not json\n\ndata: {\"n\": -1}\n\n\
                         event: end\ndata: {\"n\": 2}\n\n",
                    ),
            )
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .bearer_token(TOKEN)
            .backoff(
                std::time::Duration::from_millis(1),
                std::time::Duration::from_millis(1),
            )
            .build()
            .expect("valid");
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct N {
            n: u32,
        }
        let request = Request::new(&OP).path_param("id", "x");
        let stream = client
            .send_events::<N, Error>(request)
            .await
            .expect("a 2xx after one retry");
        let items: Vec<_> = stream.collect().await;
        assert_eq!(items.len(), 4);
        assert_eq!(items[0].as_ref().expect("decodes").data, N { n: 1 });
        match &items[1] {
            Err(Error::Decode(e)) => assert_eq!(
                (e.body.as_slice(), e.path.as_str()),
                (&b"not json"[..], ".")
            ),
            other => panic!("a decode error, got {other:?}"),
        }
        match &items[2] {
            Err(Error::Decode(e)) => assert_eq!(e.path, "n"),
            other => panic!("a decode error, got {other:?}"),
        }
        let last = items[3].as_ref().expect("decodes");
        assert_eq!(
            (last.event.as_deref(), &last.data),
            (Some("end"), &N { n: 2 })
        );
    }

    #[test]
    fn an_event_without_data_is_not_dispatched() {
        assert!(events(&[b"event: ping\n\n"]).is_empty());
    }
}
