//! What the tracing of a test's calls shows: every `provider_call` span as it closed (its
//! fields, the events inside it, the call it is nested in), and everything a `fmt`
//! subscriber at TRACE prints, `log` records (reqwest's) included.
//!
//! Shared through `#[path]` by the span tests of payments-wire and of the facade.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::io;
use std::sync::{Arc, Mutex, Once};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::DefaultGuard;
use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// The name of the span every provider call runs in.
pub const SPAN: &str = "provider_call";

/// Field values by name, as text (strings unquoted).
pub type Fields = BTreeMap<String, String>;

/// One `provider_call` span, as it closed.
#[derive(Clone, Debug, Default)]
pub struct CallSpan {
    /// Its fields, the ones recorded at the end included.
    pub fields: Fields,
    /// The events inside it (not inside a nested call), in order; `target` holds each
    /// event's target.
    pub events: Vec<Fields>,
    /// The operation of the call it is nested in, if any.
    pub parent: Option<String>,
}

impl CallSpan {
    /// The field `name`, if recorded.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    /// The events payments-wire traced inside it, in order (not reqwest's or hyper's).
    pub fn own_events(&self) -> impl Iterator<Item = &Fields> {
        self.events.iter().filter(|e| {
            e.get("target")
                .is_some_and(|t| t.starts_with("payments_wire"))
        })
    }

    /// The messages of [`Self::own_events`].
    pub fn messages(&self) -> Vec<&str> {
        self.own_events()
            .filter_map(|e| e.get("message").map(String::as_str))
            .collect()
    }
}

/// Reads fields into a [`Fields`] map.
struct Visitor<'a>(&'a mut Fields);

impl Visit for Visitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
}

/// The layer that keeps `provider_call` spans.
struct Calls {
    closed: Arc<Mutex<Vec<CallSpan>>>,
}

impl<S> Layer<S> for Calls
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != SPAN {
            return;
        }
        let Some(span) = ctx.span(id) else { return };
        let mut call = CallSpan {
            parent: span.scope().skip(1).find_map(|outer| {
                outer
                    .extensions()
                    .get::<CallSpan>()
                    .and_then(|c| c.fields.get("operation").cloned())
            }),
            ..CallSpan::default()
        };
        attrs.record(&mut Visitor(&mut call.fields));
        span.extensions_mut().insert(call);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        if let Some(call) = span.extensions_mut().get_mut::<CallSpan>() {
            values.record(&mut Visitor(&mut call.fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let Some(scope) = ctx.event_scope(event) else {
            return;
        };
        for span in scope {
            if let Some(call) = span.extensions_mut().get_mut::<CallSpan>() {
                let mut fields = Fields::new();
                event.record(&mut Visitor(&mut fields));
                fields.insert("target".into(), event.metadata().target().into());
                call.events.push(fields);
                return;
            }
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        if let Some(call) = span.extensions_mut().remove::<CallSpan>() {
            self.closed.lock().unwrap().push(call);
        }
    }
}

/// A `fmt` subscriber's output, kept in memory.
#[derive(Clone, Default)]
struct Text(Arc<Mutex<Vec<u8>>>);

impl io::Write for Text {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Text {
    type Writer = Text;

    fn make_writer(&'a self) -> Text {
        self.clone()
    }
}

/// What the tracing of this thread showed since [`Capture::start`].
pub struct Capture {
    closed: Arc<Mutex<Vec<CallSpan>>>,
    text: Text,
    _guard: DefaultGuard,
}

impl Capture {
    /// Captures everything traced on this thread (a `current_thread` test runtime: the
    /// sandbox and reqwest's connections included) until it is dropped, at TRACE, spans'
    /// opening and closing included.
    pub fn start() -> Capture {
        static LOG: Once = Once::new();
        // `log` records (reqwest's) go to this thread's subscriber.
        LOG.call_once(|| tracing_log::LogTracer::init().unwrap());
        let closed = Arc::default();
        let text = Text::default();
        let subscriber = tracing_subscriber::registry()
            .with(Calls {
                closed: Arc::clone(&closed),
            })
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(text.clone())
                    .with_ansi(false)
                    .with_span_events(FmtSpan::FULL),
            );
        Capture {
            closed,
            text,
            _guard: tracing::subscriber::set_default(subscriber),
        }
    }

    /// The `provider_call` spans closed so far, in the order they closed; forgets them.
    pub fn take_spans(&self) -> Vec<CallSpan> {
        std::mem::take(&mut *self.closed.lock().unwrap())
    }

    /// Everything printed so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.text.0.lock().unwrap()).into_owned()
    }

    /// Every secret of `secrets` the output shows (empty: none). The output holds every
    /// span's fields, those recorded at its end included, and every event's.
    pub fn leaks<'s>(&self, secrets: &'s [String]) -> Vec<&'s str> {
        let text = self.text();
        secrets
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty() && text.contains(s))
            .collect()
    }
}
