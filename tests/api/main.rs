//! Integration tests, compiled into one binary: HTTP through a real server on
//! a loopback port, the database on SQLite and PostgreSQL, the bus in-process
//! and on Redis. Run with `cargo test --features ssr`.

#![cfg(feature = "ssr")]

mod support;

mod accounts_admin;
mod accounts_passwords;
mod accounts_profile;
mod accounts_registration;
mod accounts_sessions;
mod authorization_matrix;
mod bus_counters;
mod bus_keys;
mod bus_presence;
mod bus_pubsub;
mod captcha;
mod chat_cursors;
mod chat_delivery;
mod chat_files;
mod chat_forbidden;
mod chat_instances;
mod chat_orders;
mod chat_presence;
mod database;
mod database_migrate;
mod files_storage;
mod files_storage_faults;
mod health;
mod http_plumbing;
mod leases;
mod mail_smtp;
mod metrics;
mod money_agreements;
mod money_crash;
mod money_disputes;
mod money_flow;
mod money_history;
mod money_ledger;
mod money_random;
mod money_refunds;
mod money_release;
mod money_webhook;
mod money_withdrawals;
mod notifications;
mod orders_files;
mod orders_hall;
mod orders_http;
mod orders_publish;
mod orders_race;
mod orders_roles;
mod pages;
mod payments_alipay;
mod payments_alipay_notify;
mod payments_alipay_outgoing;
mod payments_flows;
mod payments_signatures;
mod payments_stripe;
mod payments_stripe_outgoing;
mod payments_stripe_webhook;
mod production;
mod reviews;
mod sealed_opening;
mod sealed_previews;
mod security_csrf;
mod security_demo;
mod security_headers;
mod security_proxies;
mod security_query;
mod security_rights;
mod shutdown;
mod startup;
