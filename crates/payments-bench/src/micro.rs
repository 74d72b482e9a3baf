//! Micro benchmarks of the hot parts, without the network: Craftgate's signing of one
//! request, decoding a 30-item Craftgate breakdown and a 1,000-payment Paywall page with
//! exact decimals, and mapping into core types.
//!
//! Each case runs in a plain loop: calibrated so one sample takes about the sample time,
//! one sample of warm-up, then the samples; the table gives the median time per operation
//! (and the fastest sample), and each case over the first case of its group (the
//! hand-written signing, the hand-written decode).
//!
//! The facade's mapping functions are private to `payments`, so the mapping cases run the
//! public pieces they are made of (the `ToShared` status tables, `Money` with a checked
//! currency, ids as text) over the decoded items; the whole facade layer, mapping
//! included, is the facade's line of the calls table.

use std::borrow::Cow;
use std::hint::black_box;
use std::time::{Duration, Instant};

use craftgate_client::types::{
    ReportingPaymentTransaction, ReportingPaymentTransactionListEnvelope,
};
use payments::mapping::ToShared;
use payments::{
    ItemId, Money, PaymentActivity, PaymentId, PaymentStatus, RefundStatus, TransactionStatus,
};
use payments_wire::{Envelope, Hooks};
use paywall_client::envelope::BulkQueryReply;
use paywall_client::types::{BulkPayment, BulkPaymentQuery};
use reqwest::StatusCode;

use crate::failure::{Failure, fail};
use crate::fixtures::{
    CRAFTGATE_API_KEY, CRAFTGATE_SECRET_KEY, craftgate_breakdown, paywall_bulk_page,
};
use crate::hand;
use crate::machine::describe;
use crate::stats::median;

/// The group of the breakdown cases.
const CRAFTGATE_GROUP: &str = "Craftgate breakdown, 30 items";
/// The group of the bulk page cases.
const PAYWALL_GROUP: &str = "Paywall bulk page, 1,000 payments";

/// Items of the decoded breakdown.
const BREAKDOWN_ITEMS: usize = 30;
/// Payments of the decoded bulk page.
const PAGE_PAYMENTS: usize = 1000;

/// How long to measure.
#[derive(Clone, Debug)]
pub struct MicroArgs {
    /// Samples per case.
    pub samples: usize,
    /// Time of one sample.
    pub sample: Duration,
}

/// One measured piece of work.
pub struct Case {
    /// What is measured; the first case of a group is the baseline of its ratios.
    pub group: &'static str,
    /// Who does it.
    pub name: &'static str,
    /// One run of the work.
    pub run: Box<dyn FnMut() -> Result<(), Failure>>,
}

fn case(
    group: &'static str,
    name: &'static str,
    run: impl FnMut() -> Result<(), Failure> + 'static,
) -> Case {
    Case {
        group,
        name,
        run: Box::new(run),
    }
}

/// The Craftgate request every signing case signs: the breakdown GET.
fn breakdown_request() -> Result<reqwest::Request, Failure> {
    let url =
        reqwest::Url::parse("http://127.0.0.1:8080/payment-reporting/v1/payments/1/transactions")
            .map_err(fail)?;
    Ok(reqwest::Request::new(reqwest::Method::GET, url))
}

fn signing_cases() -> Result<Vec<Case>, Failure> {
    const GROUP: &str = "Craftgate signing of one GET";
    let keys = hand::craftgate::Keys::new(CRAFTGATE_API_KEY, CRAFTGATE_SECRET_KEY)?;
    let mut hand_request = breakdown_request()?;
    let client = craftgate_client::Client::from_config(&craftgate_client::CraftgateConfig::new(
        CRAFTGATE_API_KEY,
        CRAFTGATE_SECRET_KEY,
    ))
    .map_err(fail)?;
    let mut client_request = breakdown_request()?;
    let url = hand_request.url().to_string();
    Ok(vec![
        case(
            GROUP,
            "hand-written: random key, SHA-256, Base64, headers",
            move || hand::craftgate::sign(&keys, &mut hand_request),
        ),
        case(
            GROUP,
            "craftgate-client: `Hooks::prepare`, as before each attempt",
            move || {
                use craftgate_client::ClientInfo as _;
                client
                    .inner()
                    .prepare(&mut client_request, "retrieve_payment_transactions")
                    .map_err(|e| Failure::new(format!("{e:?}")))
            },
        ),
        case(
            GROUP,
            "craftgate_client::signature: SHA-256 and Base64 only",
            move || {
                black_box(craftgate_client::signature(
                    &url,
                    CRAFTGATE_API_KEY,
                    CRAFTGATE_SECRET_KEY,
                    "abcdefghijklmnopqrstuvwx",
                    b"",
                ));
                Ok(())
            },
        ),
    ])
}

/// The client's decode of a breakdown answer: the generated code's
/// `payments_wire::from_json_slice` into the generated envelope, then `payload()`'s
/// unwrapping.
fn client_breakdown(body: &[u8]) -> Result<Vec<ReportingPaymentTransaction>, Failure> {
    let envelope: ReportingPaymentTransactionListEnvelope =
        payments_wire::from_json_slice(body).map_err(fail)?;
    Ok(envelope.into_payload(StatusCode::OK).map_err(fail)?.items)
}

/// The client's decode of a bulk page: the generated code's
/// `payments_wire::from_json_slice` into `MaybeEnveloped` (bare or enveloped), then
/// `payload()`'s unwrapping.
fn client_bulk_page(body: &[u8]) -> Result<BulkPaymentQuery, Failure> {
    let reply: BulkQueryReply = payments_wire::from_json_slice(body).map_err(fail)?;
    reply.into_payload(StatusCode::OK).map_err(fail)
}

/// The pieces the facade maps a breakdown item with: every amount as `Money` in the
/// payout's currency (checked), the two statuses through their tables, the payout states
/// and ids as text.
fn breakdown_pieces(item: &ReportingPaymentTransaction) -> Result<usize, Failure> {
    let currency = item
        .payout
        .as_ref()
        .and_then(|p| p.currency.as_ref())
        .map(|c| c.as_str().to_string());
    let payout = item.payout.as_ref();
    let amounts = [
        item.price,
        item.paid_price,
        item.wallet_price,
        item.refundable_price,
        item.merchant_commission_rate_amount,
        item.bank_commission_rate_amount,
        item.merchant_payout_amount,
        item.sub_merchant_member_price,
        item.sub_merchant_member_payout_amount,
        payout.and_then(|p| p.paid_price),
        payout.and_then(|p| p.merchant_payout_amount),
        payout.and_then(|p| p.sub_merchant_member_payout_amount),
    ];
    let mut kept = 0;
    for amount in amounts.into_iter().flatten() {
        let money = match currency.as_deref() {
            Some(c) => Money::new(amount, c).map_err(fail)?,
            None => Money::without_currency(amount),
        };
        kept += usize::from(black_box(money).currency.is_some());
    }
    let refund: Option<RefundStatus> = item.refund_status.as_ref().map(ToShared::to_shared);
    let transaction: Option<TransactionStatus> =
        item.transaction_status.as_ref().map(ToShared::to_shared);
    let states = item.payout_status.as_ref().map(|s| {
        [&s.merchant_status, &s.sub_merchant_member_status]
            .map(|s| s.as_ref().map(|s| s.as_str().to_string()))
    });
    let ids = (
        item.id.map_or_else(|| ItemId::new(""), ItemId::from),
        item.sub_merchant_member_id.map(|i| i.to_string()),
    );
    black_box((refund, transaction, states, ids));
    Ok(kept)
}

/// The pieces the facade maps a bulk payment with: the id as text, the amount, the status
/// through its table and as text, the scope through its table.
fn bulk_pieces(p: &BulkPayment) -> usize {
    let id = p
        .payment_id
        .map_or_else(|| PaymentId::new(""), PaymentId::from);
    let amount = Money::without_currency(p.amount.unwrap_or_default());
    // The facade moves the status out of the payment; here the page is borrowed (it is
    // mapped again in every run), so a copy of it is taken (no allocation for a known one).
    let status: Option<(PaymentStatus, Cow<'static, str>)> = p
        .status
        .as_ref()
        .map(|s| (s.to_shared(), s.clone().into_raw()));
    let activity: Option<PaymentActivity> = p.scope.as_ref().map(ToShared::to_shared);
    black_box((id, amount, status, activity)).3.map_or(0, |_| 1)
}

/// Decoding a 30-item breakdown by hand and by the client, and mapping it.
fn breakdown_cases() -> Result<Vec<Case>, Failure> {
    const GROUP: &str = CRAFTGATE_GROUP;
    let body = craftgate_breakdown(BREAKDOWN_ITEMS).into_bytes();
    let items = client_breakdown(&body)?;
    let body2 = body.clone();
    Ok(vec![
        case(GROUP, "decode: hand-written structs", move || {
            black_box(hand::craftgate::decode_breakdown(&body)?);
            Ok(())
        }),
        case(
            GROUP,
            "decode: craftgate-client (generated envelope, payload())",
            move || {
                black_box(client_breakdown(&body2)?);
                Ok(())
            },
        ),
        case(GROUP, "map into core types (public pieces)", move || {
            for item in &items {
                black_box(breakdown_pieces(item)?);
            }
            Ok(())
        }),
    ])
}

/// Decoding a 1,000-payment bulk page by hand, into the generated types and by the client,
/// and mapping it.
fn page_cases() -> Result<Vec<Case>, Failure> {
    const GROUP: &str = PAYWALL_GROUP;
    let body = paywall_bulk_page(PAGE_PAYMENTS).into_bytes();
    let page = client_bulk_page(&body)?;
    let (body2, body3) = (body.clone(), body.clone());
    Ok(vec![
        case(GROUP, "decode: hand-written structs", move || {
            black_box(hand::paywall::decode_bulk_page(&body)?);
            Ok(())
        }),
        case(
            GROUP,
            "decode: the generated types alone (no envelope detection)",
            move || {
                black_box(
                    payments_wire::from_json_slice::<BulkPaymentQuery>(&body2).map_err(fail)?,
                );
                Ok(())
            },
        ),
        case(
            GROUP,
            "decode: paywall-client (MaybeEnveloped, payload())",
            move || {
                black_box(client_bulk_page(&body3)?);
                Ok(())
            },
        ),
        case(GROUP, "map into core types (public pieces)", move || {
            black_box(page.payments.iter().map(bulk_pieces).sum::<usize>());
            Ok(())
        }),
    ])
}

/// Every micro benchmark case, each group's baseline first.
pub fn cases() -> Result<Vec<Case>, Failure> {
    let mut all = signing_cases()?;
    all.extend(breakdown_cases()?);
    all.extend(page_cases()?);
    Ok(all)
}

/// Runs `case` `n` times; the time it took.
fn timed(case: &mut Case, n: u64) -> Result<Duration, Failure> {
    let start = Instant::now();
    for _ in 0..n {
        (case.run)()?;
    }
    Ok(start.elapsed())
}

/// Nanoseconds per run of `case`: the median and the fastest of the samples.
fn measure(case: &mut Case, args: &MicroArgs) -> Result<(f64, f64), Failure> {
    let mut n = 1u64;
    loop {
        let took = timed(case, n)?;
        if took >= args.sample / 8 || n >= 1 << 30 {
            let per = took.as_secs_f64() / n as f64;
            // Truncation intended: a whole number of runs per sample.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            {
                n = ((args.sample.as_secs_f64() / per.max(1e-9)) as u64).max(1);
            }
            break;
        }
        n *= 2;
    }
    timed(case, n)?;
    let mut per_run = Vec::with_capacity(args.samples);
    for _ in 0..args.samples {
        per_run.push(timed(case, n)?.as_secs_f64() * 1e9 / n as f64);
    }
    let fastest = per_run.iter().copied().fold(f64::INFINITY, f64::min);
    Ok((median(&per_run), fastest))
}

/// Runs every case and prints the table (markdown).
pub fn run(args: &MicroArgs) -> Result<(), Failure> {
    let mut table = format!(
        "## Micro benchmarks\n\n{}; median of {} samples of {} ms\n\n| what | who | µs/op | fastest µs/op | ÷ the group's first row |\n|---|---|---:|---:|---:|\n",
        describe(),
        args.samples,
        args.sample.as_millis()
    );
    let mut baseline: Option<(&str, f64)> = None;
    for mut case in cases()? {
        eprintln!("  {}: {} ...", case.group, case.name);
        let (median, fastest) = measure(&mut case, args)?;
        let base = match baseline {
            Some((group, base)) if group == case.group => base,
            _ => {
                baseline = Some((case.group, median));
                median
            }
        };
        table.push_str(&format!(
            "| {} | {} | {:.3} | {:.3} | {:.2} |\n",
            case.group,
            case.name,
            median / 1000.0,
            fastest / 1000.0,
            median / base
        ));
    }
    println!("{table}");
    Ok(())
}
