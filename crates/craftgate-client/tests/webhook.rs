//! Transaction webhook and 3-D Secure callback verification
//! (docs/providers/craftgate.md#webhooks, docs/providers/craftgate.md#3-d-secure-callback).
//!
//! Every guard of `webhook.rs` has a test here that fails when the guard is removed: the
//! public vectors, key rotation, each signed field changed, truncation, encodings, missing
//! and empty values.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use craftgate_client::Secret;
use craftgate_client::webhook::{
    ThreeDsCallback, WebhookError, WebhookEvent, verify_webhook, verify_webhook_with_keys,
    webhook_message, webhook_signature,
};
use craftgate_client::wire::{WebhookEventType, WebhookStatus};

/// JAVA `HookSample`, GO `tests/hook_test.go`, PHP `samples/verify_webhook.php`.
const JAVA_KEY: &str = "Aoh7tReTybO6wOjBmOJFFsOR53SBojEp";
const JAVA_SIGNATURE: &str = "0wRB5XqWJxwwPbn5Z9TcbHh8EGYFufSYTsRMB74N094=";
const JAVA_SAMPLE: &str = r#"{"eventType":"API_VERIFY_AND_AUTH","eventTime":"2022-08-26T16:40:21.395655",
    "eventTimestamp":1661521221,"status":"SUCCESS","payloadId":"584","payload":{"paidPrice":100.00000001}}"#;

/// DOCS `/webhook/transaction-webhook` (its worked example's timestamp, not its sample body's).
const DOCS_KEY: &str = "1Q2w3E4r5T6y7U8i9Op";
const DOCS_SIGNATURE: &str = "eNXKxfxUpVmp/wBrNUmOLjNXL0sYl0mh1s/rEB8K8NU=";
const DOCS_SAMPLE: &str = r#"{"eventType":"API_AUTH","eventTime":"2022-01-01T09:30:32",
    "eventTimestamp":1641018632,"status":"SUCCESS","payloadId":"2150001"}"#;

fn java_key() -> Secret {
    Secret::new(JAVA_KEY)
}

fn webhook(body: &str, signature: Option<&str>) -> Result<WebhookEvent, WebhookError> {
    verify_webhook_with_keys([&java_key()], body.as_bytes(), signature)
}

#[test]
fn webhook_vectors() {
    // (key, eventType, eventTimestamp, status, payloadId, expected); all verified:
    // docs/providers/craftgate.md#webhook-test-vectors.
    let vectors = [
        (
            JAVA_KEY,
            "API_VERIFY_AND_AUTH",
            1661521221,
            "SUCCESS",
            "584",
            JAVA_SIGNATURE,
        ),
        (
            DOCS_KEY,
            "API_AUTH",
            1641018632,
            "SUCCESS",
            "2150001",
            DOCS_SIGNATURE,
        ),
    ];
    for (key, event_type, ts, status, payload_id, expected) in vectors {
        let message = webhook_message(event_type, ts, status, payload_id);
        assert_eq!(webhook_signature(key, &message), expected, "{message}");
    }
    assert_eq!(
        webhook_message("API_AUTH", 1641018632, "SUCCESS", "2150001"),
        "API_AUTH1641018632SUCCESS2150001"
    );
}

#[test]
fn every_webhook_vector_verifies_as_a_body() {
    for (key, body, signature) in [
        (JAVA_KEY, JAVA_SAMPLE, JAVA_SIGNATURE),
        (DOCS_KEY, DOCS_SAMPLE, DOCS_SIGNATURE),
    ] {
        let key = Secret::new(key);
        verify_webhook(&key, body.as_bytes(), signature).unwrap();
        verify_webhook_with_keys([&key], body.as_bytes(), Some(signature)).unwrap();
        let event = WebhookEvent::from_slice(body.as_bytes()).unwrap();
        event.verify(&key, signature).unwrap();
        // The header value may come with surrounding whitespace.
        event.verify(&key, &format!(" {signature}\t")).unwrap();
    }
    // Each vector's key verifies only its own body.
    assert!(matches!(
        verify_webhook(
            &Secret::new(DOCS_KEY),
            JAVA_SAMPLE.as_bytes(),
            JAVA_SIGNATURE
        ),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        verify_webhook(&java_key(), DOCS_SAMPLE.as_bytes(), DOCS_SIGNATURE),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn a_signed_webhook_body_is_accepted_and_parsed() {
    let event = verify_webhook(&java_key(), JAVA_SAMPLE.as_bytes(), JAVA_SIGNATURE).unwrap();
    assert_eq!(event.event_type, WebhookEventType::ApiVerifyAndAuth);
    assert_eq!(event.status, WebhookStatus::Success);
    assert_eq!(event.payload_id, "584");
    assert_eq!(event.event_timestamp, 1661521221);
    assert_eq!(
        event.event_time,
        Some("2022-08-26T16:40:21.395655".parse().unwrap())
    );
    assert_eq!(
        event.payload.unwrap()["paidPrice"].to_string(),
        "100.00000001"
    );
}

#[test]
fn a_rotated_webhook_key_verifies_while_both_keys_are_listed() {
    let old = java_key();
    let new = Secret::new("the-new-webhook-key");
    let body = JAVA_SAMPLE.as_bytes();
    let sig = Some(JAVA_SIGNATURE);
    // Signed with the old key: valid under [new, old], in either order, from an
    // array, references or a Vec.
    verify_webhook_with_keys(&[new.clone(), old.clone()], body, sig).unwrap();
    verify_webhook_with_keys([&old, &new], body, sig).unwrap();
    let configured: Vec<Secret> = vec![new.clone(), old.clone()];
    verify_webhook_with_keys(&configured, body, sig).unwrap();
    // Once the old key is dropped, the same webhook is refused.
    assert!(matches!(
        verify_webhook_with_keys([&new], body, sig),
        Err(WebhookError::SignatureMismatch)
    ));
    // Signed with the new key: valid under [new, old], refused under the old key alone.
    let event = WebhookEvent::from_slice(body).unwrap();
    let by_new = webhook_signature(new.expose(), &event.signed_message());
    event
        .verify_with_keys(&[new.clone(), old.clone()], Some(&by_new))
        .unwrap();
    assert!(matches!(
        event.verify(&old, &by_new),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn no_key_or_only_empty_keys_is_a_configuration_error() {
    let body = JAVA_SAMPLE.as_bytes();
    assert!(matches!(
        verify_webhook_with_keys([], body, Some(JAVA_SIGNATURE)),
        Err(WebhookError::NoKeys)
    ));
    // Anyone can sign with an empty key: it is never used.
    let empty = Secret::new("");
    let event = WebhookEvent::from_slice(body).unwrap();
    let forged = webhook_signature("", &event.signed_message());
    assert!(matches!(
        verify_webhook(&empty, body, &forged),
        Err(WebhookError::NoKeys)
    ));
    assert!(matches!(
        verify_webhook_with_keys([&empty, &java_key()], body, Some(&forged)),
        Err(WebhookError::SignatureMismatch)
    ));
    verify_webhook_with_keys([&empty, &java_key()], body, Some(JAVA_SIGNATURE)).unwrap();
}

#[test]
fn each_signed_webhook_field_changed_is_a_mismatch() {
    for (from, to) in [
        (
            r#""eventType":"API_VERIFY_AND_AUTH""#,
            r#""eventType":"API_AUTH""#,
        ),
        (
            r#""eventTimestamp":1661521221"#,
            r#""eventTimestamp":1661521222"#,
        ),
        (r#""status":"SUCCESS""#, r#""status":"FAILURE""#),
        (r#""payloadId":"584""#, r#""payloadId":"585""#),
    ] {
        let tampered = JAVA_SAMPLE.replace(from, to);
        assert_ne!(tampered, JAVA_SAMPLE);
        assert!(
            matches!(
                webhook(&tampered, Some(JAVA_SIGNATURE)),
                Err(WebhookError::SignatureMismatch)
            ),
            "{to}"
        );
    }
}

#[test]
fn unsigned_webhook_fields_can_change_and_are_untrusted() {
    // `eventTime` and `payload` are not signed (docs/providers/craftgate.md#webhook-signature):
    // anyone on the way can change them and the signature still holds. They are untrusted
    // even after verification; retrieve the payment by `payloadId` instead.
    for (from, to) in [
        (
            r#""eventTime":"2022-08-26T16:40:21.395655""#,
            r#""eventTime":"2030-01-01T00:00:00""#,
        ),
        (
            r#""payload":{"paidPrice":100.00000001}"#,
            r#""payload":{"paidPrice":1}"#,
        ),
        (r#","payload":{"paidPrice":100.00000001}"#, ""),
        (r#""payloadId":"584""#, r#""payloadId":584,"extra":true"#),
    ] {
        let changed = JAVA_SAMPLE.replace(from, to);
        assert_ne!(changed, JAVA_SAMPLE);
        webhook(&changed, Some(JAVA_SIGNATURE)).unwrap();
    }
}

#[test]
fn a_repeated_webhook_field_is_not_a_webhook() {
    // Which of two `status` values was signed? Neither reading is taken.
    let doubled = JAVA_SAMPLE.replace(
        r#""status":"SUCCESS""#,
        r#""status":"FAILURE","status":"SUCCESS""#,
    );
    assert!(matches!(
        webhook(&doubled, Some(JAVA_SIGNATURE)),
        Err(WebhookError::Body(_))
    ));
    assert!(matches!(
        webhook("<xml/>", Some(JAVA_SIGNATURE)),
        Err(WebhookError::Body(_))
    ));
}

#[test]
fn a_truncated_or_extended_webhook_signature_has_the_wrong_length() {
    let mac = STANDARD.decode(JAVA_SIGNATURE).unwrap();
    assert_eq!(mac.len(), 32);
    let one_byte_short = STANDARD.encode(&mac[..31]);
    assert_eq!(one_byte_short.len(), 44, "31 bytes are 44 characters too");
    let one_byte_long = STANDARD.encode([mac.as_slice(), &[0]].concat());
    for bad in [
        &JAVA_SIGNATURE[..43], // the padding cut off
        &JAVA_SIGNATURE[1..],
        &JAVA_SIGNATURE[..40],
        one_byte_short.as_str(),
        one_byte_long.as_str(),
        &format!("{JAVA_SIGNATURE}A"),
        &format!("{JAVA_SIGNATURE}{JAVA_SIGNATURE}"),
        // The hex of the same MAC: Base64's alphabet, another length.
        &mac.iter().map(|b| format!("{b:02x}")).collect::<String>(),
    ] {
        assert!(
            matches!(
                webhook(JAVA_SAMPLE, Some(bad)),
                Err(WebhookError::WrongLength)
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn a_webhook_signature_that_is_not_base64_is_refused_as_such() {
    let url_safe = DOCS_SIGNATURE.replace('/', "_");
    // The same 32 bytes with stray bits in the last character: a lax decoder would accept
    // a second spelling of the signature.
    let stray_bits = JAVA_SIGNATURE.replace("N094=", "N095=");
    for bad in [
        "not base64!",
        "0wRB5XqWJxwwPbn5Z9TcbHh8EGYFufSYTsRMB74N09\u{e9}=",
        url_safe.as_str(),
        "0wRB=XqWJxwwPbn5Z9TcbHh8EGYFufSYTsRMB74N094=",
        "0wRB5XqWJxwwPbn5Z9TcbHh8EGYFufSYTsRMB74N0===",
        stray_bits.as_str(),
    ] {
        assert!(
            matches!(
                verify_webhook_with_keys(
                    [&Secret::new(DOCS_KEY)],
                    DOCS_SAMPLE.as_bytes(),
                    Some(bad)
                ),
                Err(WebhookError::NotBase64)
            ),
            "{bad:?}"
        );
    }
    assert_eq!(STANDARD.decode(&url_safe).ok(), None);
}

#[test]
fn a_missing_or_empty_webhook_signature_is_refused_as_such() {
    assert!(matches!(
        webhook(JAVA_SAMPLE, None),
        Err(WebhookError::MissingSignature)
    ));
    for empty in ["", "  ", "\t"] {
        assert!(
            matches!(
                webhook(JAVA_SAMPLE, Some(empty)),
                Err(WebhookError::MissingSignature)
            ),
            "{empty:?}"
        );
        assert!(matches!(
            verify_webhook(&java_key(), JAVA_SAMPLE.as_bytes(), empty),
            Err(WebhookError::MissingSignature)
        ));
    }
}

#[test]
fn numeric_payload_ids_and_unknown_event_types_are_read() {
    let body = r#"{"eventType":"SOMETHING_NEW","eventTimestamp":1641018632,"status":"SUCCESS","payloadId":2150001}"#;
    let event = WebhookEvent::from_slice(body.as_bytes()).unwrap();
    assert_eq!(event.payload_id, "2150001");
    assert_eq!(
        event.event_type,
        WebhookEventType::Unknown("SOMETHING_NEW".into())
    );
    assert_eq!(
        event.signed_message(),
        "SOMETHING_NEW1641018632SUCCESS2150001"
    );
}

// 3-D Secure callbacks.

const CALLBACK_KEY: &str = "merchantCallbackKeySandbox";
/// docs/providers/craftgate.md#callback-hash-v1 (DOCS, verified).
const V1_HASH: &str = "fffe880629292588380ae03732e2e69d223f07a099c908ec8664e3b033c7523a";
const V1_PARAMS: [(&str, &str); 4] = [
    ("status", "SUCCESS"),
    ("completeStatus", "COMPLETED"),
    ("paymentId", "1"),
    ("conversationId", "456d1297-908e-4bd6-a13b-4be31a6e47d5"),
];

fn callback_key() -> Secret {
    Secret::new(CALLBACK_KEY)
}

/// The v1 vector's parameters with `changes` applied (a new value, or `None` to drop the
/// parameter) and `hash` set.
fn v1_callback(changes: &[(&str, Option<&str>)], hash: &str) -> ThreeDsCallback {
    let mut params: Vec<(String, String)> = V1_PARAMS
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (name, value) in changes {
        params.retain(|(k, _)| k != name);
        if let Some(value) = value {
            params.push((name.to_string(), value.to_string()));
        }
    }
    params.push(("hash".into(), hash.into()));
    ThreeDsCallback::from_params(params)
}

#[test]
fn three_ds_callback_v1_vector() {
    // DOCS vector (VERIFIED): conversationData and callbackStatus absent.
    let callback = v1_callback(&[], V1_HASH);
    assert_eq!(callback.hash_v1(CALLBACK_KEY), V1_HASH);
    assert_eq!(callback.expected_hash(CALLBACK_KEY), V1_HASH);
    callback.verify(&callback_key()).unwrap();
    callback.verify_with_keys([&callback_key()]).unwrap();
    assert!(matches!(
        callback.verify(&Secret::new("otherKey")),
        Err(WebhookError::SignatureMismatch)
    ));
    // Upper-case hex and surrounding whitespace are the same hash.
    v1_callback(&[], &V1_HASH.to_uppercase())
        .verify(&callback_key())
        .unwrap();
    v1_callback(&[], &format!(" {V1_HASH}\n"))
        .verify(&callback_key())
        .unwrap();
    // An empty `hashParams` is no version 2.
    v1_callback(&[("hashParams", Some(""))], V1_HASH)
        .verify(&callback_key())
        .unwrap();
}

#[test]
fn a_rotated_callback_key_verifies_while_both_keys_are_listed() {
    let old = callback_key();
    let new = Secret::new("newCallbackKey");
    let callback = v1_callback(&[], V1_HASH);
    callback
        .verify_with_keys(&[new.clone(), old.clone()])
        .unwrap();
    callback.verify_with_keys([&old, &new]).unwrap();
    assert!(matches!(
        callback.verify_with_keys([&new]),
        Err(WebhookError::SignatureMismatch)
    ));
    let by_new = v1_callback(&[], &callback.hash_v1(new.expose()));
    by_new
        .verify_with_keys(&[new.clone(), old.clone()])
        .unwrap();
    assert!(matches!(
        by_new.verify(&old),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        callback.verify_with_keys([]),
        Err(WebhookError::NoKeys)
    ));
    // Anyone can hash with an empty key: it is never used.
    let empty = Secret::new("");
    let forged = v1_callback(&[], &callback.hash_v1(""));
    assert!(matches!(forged.verify(&empty), Err(WebhookError::NoKeys)));
    assert!(matches!(
        forged.verify_with_keys([&empty, &old]),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn each_hashed_v1_field_changed_is_a_mismatch() {
    for change in [
        ("status", Some("FAILURE")),
        ("completeStatus", Some("WAITING")),
        ("paymentId", Some("2")),
        ("conversationData", Some("x")),
        (
            "conversationId",
            Some("456d1297-908e-4bd6-a13b-4be31a6e47d6"),
        ),
        ("callbackStatus", Some("x")),
        ("status", None),
        ("paymentId", None),
    ] {
        assert!(
            matches!(
                v1_callback(&[change], V1_HASH).verify(&callback_key()),
                Err(WebhookError::SignatureMismatch)
            ),
            "{change:?}"
        );
    }
}

#[test]
fn unhashed_v1_parameters_can_change_and_are_untrusted() {
    // Version 1 hashes six fields only: `mdStatus`, `errorCode` or anything else sent along
    // can be changed on the way and the hash still holds. Such parameters are untrusted even
    // after verification.
    for change in [
        ("mdStatus", Some("0")),
        ("errorCode", Some("10051")),
        ("orderId", Some("anything")),
    ] {
        v1_callback(&[change], V1_HASH)
            .verify(&callback_key())
            .unwrap();
    }
}

#[test]
fn a_truncated_or_extended_callback_hash_has_the_wrong_length() {
    for bad in [
        &V1_HASH[..63],
        &V1_HASH[..62], // one byte cut off
        &V1_HASH[1..],
        &format!("{V1_HASH}0"),
        &format!("{V1_HASH}{V1_HASH}"),
        "abc",
    ] {
        assert!(
            matches!(
                v1_callback(&[], bad).verify(&callback_key()),
                Err(WebhookError::WrongLength)
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn a_callback_hash_that_is_not_hex_is_refused_as_such() {
    let base64 = STANDARD.encode(
        (0..32)
            .map(|i| u8::from_str_radix(&V1_HASH[2 * i..2 * i + 2], 16).unwrap())
            .collect::<Vec<u8>>(),
    );
    for bad in [
        V1_HASH.replacen('f', "g", 1),
        "not hex".into(),
        format!("0x{}", &V1_HASH[2..]),
        format!("+{}", &V1_HASH[1..]),
        base64,
    ] {
        assert!(
            matches!(
                v1_callback(&[], &bad).verify(&callback_key()),
                Err(WebhookError::NotHex)
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn a_callback_without_hash_is_refused() {
    let callback = ThreeDsCallback::from_params([("status", "SUCCESS")]);
    assert!(matches!(
        callback.verify(&Secret::new("k")),
        Err(WebhookError::MissingHash)
    ));
    for empty in ["", "   "] {
        assert!(
            matches!(
                v1_callback(&[], empty).verify(&callback_key()),
                Err(WebhookError::MissingHash)
            ),
            "{empty:?}"
        );
    }
}

#[test]
fn a_repeated_callback_parameter_is_refused() {
    // The hash covers one `status`; a framework reading the first one would see FAILURE
    // where this reads SUCCESS, or the reverse. Refuse rather than guess.
    let mut params: Vec<(&str, &str)> = vec![("status", "FAILURE")];
    params.extend(V1_PARAMS);
    params.push(("paymentId", "1"));
    params.push(("hash", V1_HASH));
    let callback = ThreeDsCallback::from_params(params);
    assert_eq!(callback.get("status"), Some("SUCCESS"));
    match callback.verify(&callback_key()) {
        Err(WebhookError::RepeatedParam(name)) => assert_eq!(name, "status"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn v1_values_that_could_be_split_differently_are_refused() {
    // `x#` then `y` hashes exactly like `x` then `#y`: which was signed is not certain.
    let one = v1_callback(
        &[
            ("conversationData", Some("x#")),
            ("conversationId", Some("y")),
        ],
        "",
    );
    let other = v1_callback(
        &[
            ("conversationData", Some("x")),
            ("conversationId", Some("#y")),
        ],
        "",
    );
    let hash = one.hash_v1(CALLBACK_KEY);
    assert_eq!(hash, other.hash_v1(CALLBACK_KEY));
    for (changes, field) in [
        (
            [
                ("conversationData", Some("x#")),
                ("conversationId", Some("y")),
            ],
            "conversationData",
        ),
        (
            [
                ("conversationData", Some("x")),
                ("conversationId", Some("#y")),
            ],
            "conversationId",
        ),
        (
            [
                ("conversationData", Some("a###b")),
                ("callbackStatus", None),
            ],
            "conversationData",
        ),
    ] {
        let hash = v1_callback(&changes, "").hash_v1(CALLBACK_KEY);
        match v1_callback(&changes, &hash).verify(&callback_key()) {
            Err(WebhookError::AmbiguousField(name)) => assert_eq!(name, field),
            other => panic!("{changes:?}: {other:?}"),
        }
    }
    // A `#` inside a value, away from its ends and not `###`, is unambiguous.
    let fine = v1_callback(&[("conversationData", Some("order#12"))], "");
    let hash = fine.hash_v1(CALLBACK_KEY);
    v1_callback(&[("conversationData", Some("order#12"))], &hash)
        .verify(&callback_key())
        .unwrap();
}

const V2_HASH_PARAMS: &str =
    "status:callbackStatus:completeStatus:paymentId:conversationData:conversationId:mdStatus";
// hex(SHA-256("merchantCallbackKeySandbox" + "SUCCESS" + "COMPLETED" + "1" +
// "456d1297-908e-4bd6-a13b-4be31a6e47d5" + "1")), computed independently (Python hashlib):
// callbackStatus is empty and conversationData absent, so both are skipped. Craftgate
// publishes no v2 vector (docs/providers/craftgate.md#callback-hash-v2).
const V2_HASH: &str = "823b1c1ec03118a414573fc6441fd5919ba7cfa1d8de303d1a52d80618e3d291";

fn v2_params() -> Vec<(&'static str, &'static str)> {
    vec![
        ("status", "SUCCESS"),
        ("callbackStatus", ""),
        ("completeStatus", "COMPLETED"),
        ("paymentId", "1"),
        ("conversationId", "456d1297-908e-4bd6-a13b-4be31a6e47d5"),
        ("mdStatus", "1"),
        ("hashParams", V2_HASH_PARAMS),
        ("hash", V2_HASH),
    ]
}

/// The v2 example with `name` set to `value` (added when absent).
fn v2_with(name: &'static str, value: &'static str) -> ThreeDsCallback {
    let mut params = v2_params();
    params.retain(|(k, _)| *k != name);
    params.push((name, value));
    ThreeDsCallback::from_params(params)
}

#[test]
fn three_ds_callback_v2_follows_hash_params_and_skips_empty_values() {
    let callback = ThreeDsCallback::from_params(v2_params());
    assert_eq!(callback.hash_v2(CALLBACK_KEY, V2_HASH_PARAMS), V2_HASH);
    assert_eq!(callback.expected_hash(CALLBACK_KEY), V2_HASH);
    callback.verify(&callback_key()).unwrap();
    callback
        .verify_with_keys(&[Secret::new("newKey"), callback_key()])
        .unwrap();
    assert!(matches!(
        callback.verify_with_keys([&Secret::new("newKey")]),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn each_hashed_v2_field_changed_is_a_mismatch() {
    for (name, value) in [
        ("status", "FAILURE"),
        ("callbackStatus", "x"),
        ("completeStatus", "WAITING"),
        ("paymentId", "2"),
        ("conversationData", "x"),
        ("conversationId", "456d1297-908e-4bd6-a13b-4be31a6e47d6"),
        ("mdStatus", "0"),
    ] {
        assert!(
            matches!(
                v2_with(name, value).verify(&callback_key()),
                Err(WebhookError::SignatureMismatch)
            ),
            "{name}"
        );
    }
    // Without `hashParams` the same form is read as version 1, whose hash differs.
    let mut params = v2_params();
    params.retain(|(k, _)| *k != "hashParams");
    assert!(matches!(
        ThreeDsCallback::from_params(params).verify(&callback_key()),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn unhashed_v2_parameters_can_change_and_are_untrusted() {
    // Only the parameters `hashParams` names are hashed; anything else (and `hashParams`
    // itself, within the check below) is untrusted even after verification.
    for (name, value) in [("errorCode", "10051"), ("orderId", "anything")] {
        v2_with(name, value).verify(&callback_key()).unwrap();
    }
}

#[test]
fn v2_hash_params_must_name_every_field_v1_signs() {
    // A FAILURE callback, signed by Craftgate.
    let key = callback_key();
    let signed = ThreeDsCallback::from_params([
        ("status", "FAILURE"),
        ("completeStatus", "COMPLETED"),
        ("paymentId", "1"),
        ("conversationData", ""),
        ("conversationId", "c-1"),
        ("callbackStatus", ""),
        (
            "hashParams",
            "status:callbackStatus:completeStatus:paymentId:conversationData:conversationId",
        ),
    ]);
    let hash = signed.expected_hash(CALLBACK_KEY);
    // The forger moves "FAILURE" into `callbackStatus`, drops `status` from the unsigned
    // `hashParams` and writes SUCCESS: the hashed text, and so the hash, are unchanged.
    let hash_params = "callbackStatus:completeStatus:paymentId:conversationData:conversationId";
    let forged = ThreeDsCallback::from_params([
        ("status", "SUCCESS"),
        ("completeStatus", "COMPLETED"),
        ("paymentId", "1"),
        ("conversationData", ""),
        ("conversationId", "c-1"),
        ("callbackStatus", "FAILURE"),
        ("hashParams", hash_params),
        ("hash", hash.as_str()),
    ]);
    assert_eq!(forged.expected_hash(CALLBACK_KEY), hash);
    assert!(matches!(
        forged.verify(&key),
        Err(WebhookError::HashParamsIncomplete("status"))
    ));
    for (field, list) in [
        (
            "completeStatus",
            "status:callbackStatus:paymentId:conversationData:conversationId",
        ),
        (
            "paymentId",
            "status:callbackStatus:completeStatus:conversationData:conversationId",
        ),
        (
            "conversationData",
            "status:callbackStatus:completeStatus:paymentId:conversationId",
        ),
        (
            "conversationId",
            "status:callbackStatus:completeStatus:paymentId:conversationData",
        ),
        (
            "callbackStatus",
            "status:completeStatus:paymentId:conversationData:conversationId",
        ),
        (
            "status",
            "statuses:callbackStatus:completeStatus:paymentId:conversationData:conversationId",
        ),
    ] {
        match v2_with("hashParams", list).verify(&key) {
            Err(WebhookError::HashParamsIncomplete(missing)) => assert_eq!(missing, field),
            other => panic!("{list}: {other:?}"),
        }
    }
}

#[test]
fn errors_never_show_the_key_or_the_expected_value() {
    let webhook_key = "s3cr3t-webhook-key";
    let key = Secret::new(webhook_key);
    let event = WebhookEvent::from_slice(JAVA_SAMPLE.as_bytes()).unwrap();
    let expected = webhook_signature(webhook_key, &event.signed_message());
    let mut failures: Vec<WebhookError> = [
        None,
        Some(""),
        Some("not base64!"),
        Some(&expected[..43]),
        Some(JAVA_SIGNATURE),
    ]
    .into_iter()
    .map(|sig| event.verify_with_keys([&key], sig).unwrap_err())
    .collect();
    failures.push(event.verify_with_keys([], Some(&expected)).unwrap_err());
    let expected_hash = v1_callback(&[], "").hash_v1(webhook_key);
    for hash in ["", "zz", &expected_hash[..63], V1_HASH] {
        failures.push(v1_callback(&[], hash).verify(&key).unwrap_err());
    }
    for error in failures {
        for shown in [error.to_string(), format!("{error:?}")] {
            for secret in [
                webhook_key,
                &expected,
                &expected[..16],
                &expected_hash,
                &expected_hash[..16],
            ] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
    }
}
