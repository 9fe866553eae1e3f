//! Builds the whole server from [`Settings`] and runs it until stopped.
//!
//! `Application::build` binds the port (0 = any free port, which the tests
//! use), connects and migrates the database, and returns before serving, so
//! callers learn the real port first.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::dev::Service;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use futures_util::FutureExt;

use crate::config::Settings;
use crate::notify::mail::Mailer;
use crate::notify::push::PushSender;
use crate::services::Services;
use crate::store::Store;

pub struct Application {
    port: u16,
    server: actix_web::dev::Server,
    services: Services,
}

/// Connects to the configured database and applies migrations.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let store = Store::connect(
        settings.database.url.expose(),
        settings.database.max_connections,
    )
    .await?;
    store.migrate().await?;
    Ok(store)
}

/// Everything the use-cases need, without the HTTP server (CLI commands).
pub async fn build_services(settings: Settings, port: u16) -> anyhow::Result<Services> {
    let store = open_store(&settings).await?;
    let mailer = Mailer::from_settings(&settings.mail)?;
    let public_url: Arc<str> = settings.public_url(port).into();
    let push = PushSender::load(&store, &settings.notifications.vapid_subject).await?;
    Ok(Services {
        store,
        settings: Arc::new(settings),
        mailer: Arc::new(mailer),
        public_url,
        hub: Default::default(),
        chat_writer: Default::default(),
        public_throttle: Default::default(),
        outbox_kick: Default::default(),
        push: Arc::new(push),
        chat_days: Default::default(),
    })
}

/// Binds with a deep accept backlog: thousands of clients reconnecting at
/// once (after a deploy or a network blip) must queue, not be dropped by the
/// kernel into a one-second SYN retry. (`std::net::TcpListener::bind` uses 128.)
fn listen(address: &str) -> anyhow::Result<TcpListener> {
    use std::net::ToSocketAddrs;
    let addr = address
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| anyhow::anyhow!("no address for {address}"))?;
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        None,
    )?;
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(4096)?;
    Ok(socket.into())
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        crate::telemetry::init_metrics();
        let address = format!("{}:{}", settings.server.host, settings.server.port);
        let listener = listen(&address).with_context(|| format!("binding {address}"))?;
        let port = listener.local_addr()?.port();
        let services = build_services(settings, port).await?;
        // Refuses bad proxy / origin settings before anything starts.
        let edge = web::Data::new(crate::http::edge::EdgePolicy::new(
            &services.settings,
            &services.public_url,
        )?);
        services
            .hub
            .start(std::sync::Arc::new(services.clone()), &services.settings)
            .await?;
        services.start_chat_writer();
        if services.settings.notifications.worker_enabled {
            crate::jobs::outbox::start(services.clone());
        }
        if services.settings.scheduler.enabled {
            crate::jobs::scheduler::start(services.clone());
        }
        tracing::info!(
            backend = ?services.store.backend(),
            redis = !services.settings.redis.url.is_empty(),
            "database ready"
        );

        let data = web::Data::new(services.clone());
        let json_limit = services.settings.server.json_limit_bytes;
        let grace = services.settings.server.shutdown_grace_seconds;
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(edge.clone())
                .wrap(actix_web::middleware::from_fn(
                    crate::http::edge::cross_site_guard,
                ))
                .wrap_fn(|req, srv| {
                    let started = Instant::now();
                    let method = req.method().to_string();
                    let route = req.match_pattern().unwrap_or_else(|| "unmatched".into());
                    srv.call(req).map(move |res| {
                        let status = match &res {
                            Ok(r) => r.status().as_u16().to_string(),
                            Err(e) => e.as_response_error().status_code().as_u16().to_string(),
                        };
                        metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
                        metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
                            .record(started.elapsed().as_secs_f64());
                        res
                    })
                })
                // Inside the logger, so refusals are logged like any answer.
                .wrap_fn(crate::http::input::refuse_nul)
                .wrap_fn(crate::http::headers::edge_headers)
                .wrap(tracing_actix_web::TracingLogger::<crate::telemetry::RedactedRootSpan>::new())
                // Outermost: the logger and everything else see the client
                // resolved from trusted proxies only.
                .wrap(actix_web::middleware::from_fn(
                    crate::http::edge::client_address,
                ))
                .configure(|cfg| crate::http::configure(cfg, json_limit))
        })
        .listen(listener)?
        .shutdown_timeout(grace)
        .run();
        Ok(Application {
            port,
            server,
            services,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    /// Serves until SIGTERM / Ctrl-C (actix handles both signals and lets
    /// in-flight requests finish within the grace period), then closes the pool.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        tracing::info!(port = self.port, url = %self.services.public_url, "Faena is serving");
        self.server.await.context("running the HTTP server")?;
        tracing::info!("shutting down");
        self.services.hub.stop();
        tokio::time::timeout(Duration::from_secs(5), self.services.store.close())
            .await
            .ok();
        Ok(())
    }
}
