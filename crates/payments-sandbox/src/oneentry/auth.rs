//! AuthProvider: `/api/content/users-auth-providers` (docs/providers/oneentry.md#auth-provider).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxumState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use super::error::ApiError;
use super::format::localize;
use super::model::{ACCESS_TOKEN_TTL, AccessToken, Login, REFRESH_TOKEN_TTL, RefreshToken, State};
use super::request::{Paging, json_body, query_map};
use super::shared::Shared;
use crate::seed::oneentry as seed;
use crate::util::{constant_time_eq, lock, random_alnum};

/// The only auth provider of the project.
fn check_marker(marker: &str) -> Result<(), ApiError> {
    if marker == seed::AUTH_MARKER {
        Ok(())
    } else {
        Err(ApiError::not_found(format!(
            "Auth provider \"{marker}\" not found"
        )))
    }
}

/// `IAuthProvidersEntity` of the `email` provider (config values are strings;
/// docs/providers/oneentry.md#provider-records).
fn provider_json() -> Value {
    json!({
        "id": 1,
        "localizeInfos": localize("Email"),
        "config": {
            "accessTokenTtlSec": ACCESS_TOKEN_TTL.num_seconds().to_string(),
            "refreshTokenTtlMc": REFRESH_TOKEN_TTL.num_milliseconds().to_string(),
            "systemCodeTlsSec": "120",
            "systemCodeLength": "6",
            "deleteNoneActiveUsersAfterDays": "30",
            "oauthAuthUrl": null,
            "systemCodeOnlyNumbers": "true",
        },
        "version": 0,
        "identifier": seed::AUTH_MARKER,
        "type": "email",
        "formIdentifier": "reg",
        "userGroupIdentifier": "users",
        "isActive": true,
        "isCheckCode": false,
    })
}

/// `GET /users-auth-providers?langCode=&offset=&limit=`.
pub(crate) async fn providers(RawQuery(query): RawQuery) -> Result<Json<Value>, ApiError> {
    let paging = Paging::from_query(&query_map(query.as_deref()))?;
    Ok(Json(Value::Array(paging.slice(&[provider_json()]))))
}

/// `GET /users-auth-providers/marker/{marker}?langCode=`.
pub(crate) async fn provider(Path(marker): Path<String>) -> Result<Json<Value>, ApiError> {
    check_marker(&marker)?;
    Ok(Json(provider_json()))
}

/// The `x-device-metadata` header: a JSON string with a `fingerprint`
/// (docs/providers/oneentry.md#device-metadata).
struct Device {
    fingerprint: String,
    info: Value,
}

fn device(headers: &HeaderMap) -> Result<Device, ApiError> {
    let missing = || {
        ApiError::bad_request(
            "x-device-metadata header with a JSON object holding a \"fingerprint\" is required",
        )
    };
    let raw = headers.get("x-device-metadata").ok_or_else(missing)?;
    let parsed: Value = serde_json::from_slice(raw.as_bytes()).map_err(|_| missing())?;
    let fingerprint = parsed
        .get("fingerprint")
        .and_then(Value::as_str)
        .filter(|f| !f.is_empty())
        .ok_or_else(missing)?;
    let info = parsed
        .get("deviceInfo")
        .filter(|i| i.is_object())
        .cloned()
        .unwrap_or_else(|| json!({ "os": null, "browser": null, "location": null }));
    Ok(Device {
        fingerprint: fingerprint.to_string(),
        info,
    })
}

/// The text of an `authData` value (a string; the JSDoc also allows a number,
/// docs/providers/oneentry.md#sign-in).
fn auth_value(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `(login, password)` from `{"authData":[{marker, value}]}`. Items may carry only
/// `marker` and `value`; extra keys are refused (vendor docs; docs/providers/oneentry.md#sign-in).
fn credentials(body: &Value) -> Result<(String, String), ApiError> {
    let Some(items) = body.get("authData").and_then(Value::as_array) else {
        return Err(ApiError::validation(vec![
            "authData must be an array".into(),
        ]));
    };
    let mut errors = Vec::new();
    let mut login = None;
    let mut password = None;
    for (i, item) in items.iter().enumerate() {
        let Some(fields) = item.as_object() else {
            errors.push(format!("authData.{i} must be an object"));
            continue;
        };
        errors.extend(
            fields
                .keys()
                .filter(|k| *k != "marker" && *k != "value")
                .map(|k| format!("authData.{i}.property {k} should not exist")),
        );
        let marker = fields.get("marker").and_then(Value::as_str);
        let value = fields.get("value").and_then(auth_value);
        if marker.is_none() {
            errors.push(format!("authData.{i}.marker must be a string"));
        }
        if value.is_none() {
            errors.push(format!("authData.{i}.value must be a string"));
        }
        match (marker, value) {
            (Some(seed::LOGIN_FIELD), Some(v)) => login = Some(v),
            (Some(seed::PASSWORD_FIELD), Some(v)) => password = Some(v),
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    match (login, password) {
        (Some(login), Some(password)) => Ok((login, password)),
        _ => Err(ApiError::bad_request(format!(
            "authData must contain the \"{}\" and \"{}\" fields",
            seed::LOGIN_FIELD,
            seed::PASSWORD_FIELD
        ))),
    }
}

/// A JWT-shaped access token (the docs show `eyJhbGciOiJIUzI1NiIs...`), HS256-signed with
/// the sandbox's key. The sandbox itself checks tokens by lookup, not by signature.
fn access_token(key: &[u8], user_id: i64, login: &str, ttl_secs: i64) -> String {
    let now = Utc::now().timestamp();
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = json!({
        "id": user_id,
        "authProviderIdentifier": seed::AUTH_MARKER,
        "userIdentifier": login,
        "jti": uuid::Uuid::new_v4().to_string(),
        "iat": now,
        "exp": now + ttl_secs,
    });
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signing_input = format!("{header}.{payload}");
    let signature = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(signing_input.as_bytes());
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        }
        // HMAC takes keys of any length; keep a well-formed token regardless.
        Err(_) => random_alnum(43),
    };
    format!("{signing_input}.{signature}")
}

/// A refresh token shaped like the docs' `1745494429101-...-2834edf8`.
fn refresh_token() -> String {
    format!(
        "{}-{}-{}",
        Utc::now().timestamp_millis(),
        uuid::Uuid::new_v4(),
        random_alnum(8).to_ascii_lowercase()
    )
}

/// Issues a fresh token pair for `login_id` and answers `IAuthEntity`
/// (docs/providers/oneentry.md#sign-in).
fn issue(shared: &Shared, state: &mut State, login_id: u64, user_id: i64) -> Value {
    let login = state
        .users
        .iter()
        .find(|u| u.id == user_id)
        .map(|u| u.login.clone())
        .unwrap_or_default();
    let now = Utc::now();
    let access = access_token(
        &shared.jwt_key,
        user_id,
        &login,
        ACCESS_TOKEN_TTL.num_seconds(),
    );
    let refresh = refresh_token();
    shared.issued.record(&access);
    shared.issued.record(&refresh);
    state.access_tokens.insert(
        access.clone(),
        AccessToken {
            login_id,
            expires_at: now + ACCESS_TOKEN_TTL,
        },
    );
    state.refresh_tokens.insert(
        refresh.clone(),
        RefreshToken {
            login_id,
            used: false,
            expires_at: now + REFRESH_TOKEN_TTL,
        },
    );
    json!({
        "userIdentifier": login,
        "authProviderIdentifier": seed::AUTH_MARKER,
        "accessToken": access,
        "refreshToken": refresh,
    })
}

/// `POST .../marker/{marker}/users/auth`.
pub(crate) async fn sign_in(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(marker): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    check_marker(&marker)?;
    let device = device(&headers)?;
    let (login, password) = credentials(&json_body(&headers, &body)?)?;
    let mut state = lock(&shared.state);
    let user_id = state
        .users
        .iter()
        .find(|u| u.login == login && constant_time_eq(u.password.as_bytes(), password.as_bytes()))
        .map(|u| u.id)
        .ok_or_else(ApiError::wrong_credentials)?;
    let login_id = state.next_login;
    state.next_login += 1;
    state.logins.insert(
        login_id,
        Login {
            user_id,
            fingerprint: device.fingerprint,
            device_info: device.info,
            active: true,
        },
    );
    let answer = issue(&shared, &mut state, login_id, user_id);
    shared.sign_ins.bump();
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// The `refreshToken` string of a `{"refreshToken": ...}` body.
fn refresh_token_field(body: &Value) -> Result<String, ApiError> {
    body.get("refreshToken")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| ApiError::validation(vec!["refreshToken must be a string".into()]))
}

/// `POST .../marker/{marker}/users/refresh`: single use, same fingerprint
/// (docs/providers/oneentry.md#token-refresh).
pub(crate) async fn refresh(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(marker): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let outcome = refresh_inner(&shared, &marker, &headers, &body);
    match &outcome {
        Ok(_) => shared.refreshes.bump(),
        Err(_) => shared.rejected_refreshes.bump(),
    }
    outcome.map(|answer| (StatusCode::CREATED, Json(answer)).into_response())
}

fn refresh_inner(
    shared: &Shared,
    marker: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Value, ApiError> {
    check_marker(marker)?;
    let device = device(headers)?;
    let token = refresh_token_field(&json_body(headers, body)?)?;
    let mut state = lock(&shared.state);
    let (login_id, used, expired) = match state.refresh_tokens.get(&token) {
        Some(t) => (t.login_id, t.used, t.expires_at <= Utc::now()),
        None => return Err(ApiError::bad_request("Invalid refresh token")),
    };
    if used {
        return Err(ApiError::bad_request("Refresh token has already been used"));
    }
    if expired {
        return Err(ApiError::bad_request("Refresh token has expired"));
    }
    let (user_id, fingerprint_ok) = match state.logins.get(&login_id).filter(|l| l.active) {
        Some(login) => (login.user_id, login.fingerprint == device.fingerprint),
        None => return Err(ApiError::bad_request("Refresh token has been revoked")),
    };
    if !fingerprint_ok {
        return Err(ApiError::bad_request(
            "Refresh token was issued to another device (x-device-metadata fingerprint)",
        ));
    }
    if let Some(t) = state.refresh_tokens.get_mut(&token) {
        t.used = true;
    }
    Ok(issue(shared, &mut state, login_id, user_id))
}

/// Ends a sign-in: its refresh and access tokens stop working.
fn end_login(state: &mut State, login_id: u64) {
    if let Some(login) = state.logins.get_mut(&login_id) {
        login.active = false;
    }
    state.refresh_tokens.retain(|_, t| t.login_id != login_id);
    state.access_tokens.retain(|_, t| t.login_id != login_id);
}

/// `POST .../marker/{marker}/users/logout` with `{"refreshToken"}` and the Bearer: ends
/// the sign-in that refresh token belongs to; answers `true` (docs/providers/oneentry.md#sign-out).
pub(crate) async fn logout(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(marker): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    check_marker(&marker)?;
    let (user_id, _) = shared.authenticate(&headers)?;
    let token = refresh_token_field(&json_body(&headers, &body)?)?;
    let mut state = lock(&shared.state);
    let login_id = state
        .refresh_tokens
        .get(&token)
        .map(|t| t.login_id)
        .filter(|id| state.logins.get(id).is_some_and(|l| l.user_id == user_id))
        .ok_or_else(|| ApiError::bad_request("Invalid refresh token"))?;
    end_login(&mut state, login_id);
    Ok((StatusCode::CREATED, Json(json!(true))).into_response())
}

/// `POST .../marker/{marker}/users/logout-all` (no body) with the Bearer: ends every
/// sign-in of the user; answers `true`.
pub(crate) async fn logout_all(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(marker): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    check_marker(&marker)?;
    let (user_id, _) = shared.authenticate(&headers)?;
    let mut state = lock(&shared.state);
    let ids: Vec<u64> = state
        .logins
        .iter()
        .filter(|(_, l)| l.user_id == user_id && l.active)
        .map(|(id, _)| *id)
        .collect();
    for id in ids {
        end_login(&mut state, id);
    }
    Ok((StatusCode::CREATED, Json(json!(true))).into_response())
}

/// `GET .../marker/{marker}/users/sessions`: `[{deviceInfo}]` of the user's active
/// sign-ins (`IActiveSession[]`, docs/providers/oneentry.md#active-sessions).
pub(crate) async fn device_sessions(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path(marker): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    check_marker(&marker)?;
    let (user_id, _) = shared.authenticate(&headers)?;
    let state = lock(&shared.state);
    Ok(Json(Value::Array(
        state
            .logins
            .values()
            .filter(|l| l.user_id == user_id && l.active)
            .map(|l| json!({ "deviceInfo": l.device_info }))
            .collect(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_accept_only_marker_and_value() {
        let ok = json!({"authData": [
            {"marker": "email_reg", "value": "a@b.c"},
            {"marker": "password_reg", "value": 123456}
        ]});
        assert_eq!(credentials(&ok).unwrap(), ("a@b.c".into(), "123456".into()));
        let extra = json!({"authData": [
            {"marker": "email_reg", "value": "a@b.c", "type": "string"},
            {"marker": "password_reg", "value": "x"}
        ]});
        assert!(credentials(&extra).is_err());
        assert!(
            credentials(&json!({"authData": [{"marker": "email_reg", "value": "a"}]})).is_err()
        );
        assert!(credentials(&json!({})).is_err());
    }

    #[test]
    fn access_tokens_are_jwt_shaped() {
        let token = access_token(b"key", 16, "a@b.c", 3600);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert!(token.starts_with("eyJhbGciOiJIUzI1NiIs"));
        let claims: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["id"], 16);
        assert_eq!(
            claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
            3600
        );
    }
}
