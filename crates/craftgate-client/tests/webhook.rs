//! Transaction webhook and 3-D Secure callback verification
//! (docs/providers/craftgate.md#webhooks, docs/providers/craftgate.md#3-d-secure-callback).

use craftgate_client::Secret;
use craftgate_client::webhook::{
    ThreeDsCallback, WebhookError, WebhookEvent, verify_webhook, webhook_message, webhook_signature,
};
use craftgate_client::wire::{WebhookEventType, WebhookStatus};

#[test]
fn webhook_vectors() {
    // (key, eventType, eventTimestamp, status, payloadId, expected); all verified:
    // docs/providers/craftgate.md#webhook-test-vectors.
    let vectors = [
        (
            "Aoh7tReTybO6wOjBmOJFFsOR53SBojEp",
            "API_VERIFY_AND_AUTH",
            1661521221,
            "SUCCESS",
            "584",
            "0wRB5XqWJxwwPbn5Z9TcbHh8EGYFufSYTsRMB74N094=",
        ),
        (
            "1Q2w3E4r5T6y7U8i9Op",
            "API_AUTH",
            1641018632,
            "SUCCESS",
            "2150001",
            "eNXKxfxUpVmp/wBrNUmOLjNXL0sYl0mh1s/rEB8K8NU=",
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

const JAVA_SAMPLE: &str = r#"{"eventType":"API_VERIFY_AND_AUTH","eventTime":"2022-08-26T16:40:21.395655",
    "eventTimestamp":1661521221,"status":"SUCCESS","payloadId":"584","payload":{"paidPrice":100.00000001}}"#;

#[test]
fn a_signed_webhook_body_is_accepted_and_parsed() {
    let key = Secret::new("Aoh7tReTybO6wOjBmOJFFsOR53SBojEp");
    let event = verify_webhook(
        &key,
        JAVA_SAMPLE.as_bytes(),
        "0wRB5XqWJxwwPbn5Z9TcbHh8EGYFufSYTsRMB74N094=",
    )
    .unwrap();
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
fn a_tampered_webhook_or_wrong_key_is_refused() {
    let key = Secret::new("Aoh7tReTybO6wOjBmOJFFsOR53SBojEp");
    let good = "0wRB5XqWJxwwPbn5Z9TcbHh8EGYFufSYTsRMB74N094=";
    let tampered = JAVA_SAMPLE.replace("\"584\"", "\"585\"");
    assert!(matches!(
        verify_webhook(&key, tampered.as_bytes(), good),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        verify_webhook(&Secret::new("other"), JAVA_SAMPLE.as_bytes(), good),
        Err(WebhookError::SignatureMismatch)
    ));
    for bad in [
        "",
        "not base64!",
        "0wRB5XqWJxwwPbn5Z9TcbHh8EGYFufSYTsRMB74N094",
    ] {
        assert!(
            matches!(
                verify_webhook(&key, JAVA_SAMPLE.as_bytes(), bad),
                Err(WebhookError::SignatureMismatch)
            ),
            "{bad:?}"
        );
    }
    assert!(matches!(
        verify_webhook(&key, b"<xml/>", good),
        Err(WebhookError::Body(_))
    ));
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

#[test]
fn three_ds_callback_v1_vector() {
    // DOCS vector (VERIFIED): conversationData and callbackStatus absent.
    let callback = ThreeDsCallback::from_params([
        ("status", "SUCCESS"),
        ("completeStatus", "COMPLETED"),
        ("paymentId", "1"),
        ("conversationId", "456d1297-908e-4bd6-a13b-4be31a6e47d5"),
        (
            "hash",
            "fffe880629292588380ae03732e2e69d223f07a099c908ec8664e3b033c7523a",
        ),
    ]);
    assert_eq!(
        callback.hash_v1("merchantCallbackKeySandbox"),
        "fffe880629292588380ae03732e2e69d223f07a099c908ec8664e3b033c7523a"
    );
    callback
        .verify(&Secret::new("merchantCallbackKeySandbox"))
        .unwrap();
    assert!(matches!(
        callback.verify(&Secret::new("otherKey")),
        Err(WebhookError::SignatureMismatch)
    ));
    // Uppercase hex is the same hash.
    let upper = ThreeDsCallback::from_params([
        ("status", "SUCCESS"),
        ("completeStatus", "COMPLETED"),
        ("paymentId", "1"),
        ("conversationId", "456d1297-908e-4bd6-a13b-4be31a6e47d5"),
        (
            "hash",
            "FFFE880629292588380AE03732E2E69D223F07A099C908EC8664E3B033C7523A",
        ),
    ]);
    upper
        .verify(&Secret::new("merchantCallbackKeySandbox"))
        .unwrap();
}

#[test]
fn three_ds_callback_v2_follows_hash_params_and_skips_empty_values() {
    // hex(SHA-256("merchantCallbackKeySandbox" + "SUCCESS" + "COMPLETED" + "1" +
    // "456d1297-908e-4bd6-a13b-4be31a6e47d5" + "1")), computed independently (Python hashlib):
    // callbackStatus is empty and conversationData absent, so both are skipped.
    let expected = "823b1c1ec03118a414573fc6441fd5919ba7cfa1d8de303d1a52d80618e3d291";
    let hash_params =
        "status:callbackStatus:completeStatus:paymentId:conversationData:conversationId:mdStatus";
    let callback = ThreeDsCallback::from_params([
        ("status", "SUCCESS"),
        ("callbackStatus", ""),
        ("completeStatus", "COMPLETED"),
        ("paymentId", "1"),
        ("conversationId", "456d1297-908e-4bd6-a13b-4be31a6e47d5"),
        ("mdStatus", "1"),
        ("hashParams", hash_params),
        ("hash", expected),
    ]);
    assert_eq!(
        callback.hash_v2("merchantCallbackKeySandbox", hash_params),
        expected
    );
    assert_eq!(
        callback.expected_hash("merchantCallbackKeySandbox"),
        expected
    );
    callback
        .verify(&Secret::new("merchantCallbackKeySandbox"))
        .unwrap();

    let altered = ThreeDsCallback::from_params([
        ("status", "SUCCESS"),
        ("completeStatus", "COMPLETED"),
        ("paymentId", "2"),
        ("conversationId", "456d1297-908e-4bd6-a13b-4be31a6e47d5"),
        ("mdStatus", "1"),
        ("hashParams", hash_params),
        ("hash", expected),
    ]);
    assert!(matches!(
        altered.verify(&Secret::new("merchantCallbackKeySandbox")),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn a_callback_without_hash_is_refused() {
    let callback = ThreeDsCallback::from_params([("status", "SUCCESS")]);
    assert!(matches!(
        callback.verify(&Secret::new("k")),
        Err(WebhookError::MissingHash)
    ));
}
