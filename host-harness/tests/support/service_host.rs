//! The WASI-HTTP service component under the engine of `wasmtime serve`: the `wasmtime-wasi-http`
//! host of the pinned wasmtime, `wasi:config` from `wasmtime-wasi-config`, a fresh instance per
//! request as `wasmtime serve` does. Shared by `tests/service.rs` and the runner benchmark.

#![allow(dead_code)]

use std::sync::OnceLock;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use serde_json::Value;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_config::{WasiConfig, WasiConfigVariables};
use wasmtime_wasi_http::p2::bindings::http::types::{ErrorCode, Scheme};
use wasmtime_wasi_http::p2::bindings::ProxyPre;
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

struct State {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
    config: WasiConfigVariables,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for State {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: Default::default(),
        }
    }
}

/// The engine, the compiled component and its linked, pre-instantiated form.
pub struct Engine2 {
    pub engine: Engine,
    pub component: Component,
    pre: ProxyPre<State>,
}

/// The engine, component and linker, compiled once for every test.
pub fn service() -> &'static Engine2 {
    static SERVICE: OnceLock<Engine2> = OnceLock::new();
    SERVICE.get_or_init(|| {
        let engine = Engine::new(&Config::new()).expect("engine");
        let component = Component::from_file(&engine, env!("AFTERSHIP_SERVICE_COMPONENT"))
            .expect("the service component compiles");
        let mut linker = Linker::<State>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker).expect("wasi");
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker).expect("wasi:http");
        wasmtime_wasi_config::add_to_linker(&mut linker, |s: &mut State| {
            WasiConfig::from(&s.config)
        })
        .expect("wasi:config");
        let pre = ProxyPre::new(linker.instantiate_pre(&component).expect("links"))
            .expect("a wasi:http/proxy component");
        Engine2 {
            engine,
            component,
            pre,
        }
    })
}

/// One answer: status, headers, body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Everything the client saw, for secret checks.
    pub fn everything(&self) -> String {
        let headers: Vec<String> = self
            .headers
            .iter()
            .map(|(n, v)| format!("{n}: {v}"))
            .collect();
        format!("{}\n{}\n{}", self.status, headers.join("\n"), self.text())
    }
}

/// Sends one request to a fresh instance (as `wasmtime serve` does) and reads the whole answer.
pub fn request(
    vars: &[(String, String)],
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio");
    runtime.block_on(async {
        let svc = service();
        let mut store = Store::new(
            &svc.engine,
            State {
                wasi: WasiCtx::builder().build(),
                http: WasiHttpCtx::new(),
                table: ResourceTable::new(),
                config: WasiConfigVariables::from_iter(vars.iter().cloned()),
            },
        );
        let mut builder = hyper::Request::builder()
            .method(method)
            .uri(format!("http://localhost{path}"));
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let req = builder
            .body(
                Full::new(Bytes::from(body.to_string()))
                    .map_err(|never| -> ErrorCode { match never {} }),
            )
            .expect("request");
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let req = store
            .data_mut()
            .http()
            .new_incoming_request(Scheme::Http, req)
            .expect("incoming request");
        let out = store
            .data_mut()
            .http()
            .new_response_outparam(sender)
            .expect("outparam");
        let pre = svc.pre.clone();
        let task = tokio::task::spawn(async move {
            let proxy = pre.instantiate_async(&mut store).await?;
            proxy
                .wasi_http_incoming_handler()
                .call_handle(&mut store, req, out)
                .await
        });
        let response = match receiver.await {
            Ok(Ok(response)) => response,
            Ok(Err(code)) => panic!("the service answered with an error code: {code:?}"),
            Err(_) => panic!(
                "the service never answered: {:?}",
                task.await.expect("task").err()
            ),
        };
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("the body arrives whole")
            .to_bytes()
            .to_vec();
        task.await
            .expect("task")
            .expect("the handler returns without a trap");
        Answer {
            status,
            headers,
            body,
        }
    })
}
