//! Lost, duplicated and out-of-order webhooks, per provider: a paid
//! checkout whose webhook never came is credited by reconciliation
//! (`reconcile::run`, asking the provider) exactly once, and the webhook
//! arriving late credits nothing more; a webhook delivered twice, or the
//! same outcome reported again, credits once; a "closed" report after the
//! payment (Stripe's `checkout.session.expired`, Alipay's `TRADE_CLOSED`)
//! changes nothing; a checkout abandoned without a webhook settles without
//! money; a payment under a minute old is left to its webhook.

use super::{Case, Kind, backdate, cases};
use crate::payments_stripe::intent_state;
use crate::support::money::{assert_ledger_consistent, available, transactions};
use crate::support::orders::user;
use bounty::server::services::money::reconcile::{self, Change};

#[tokio::test]
async fn stripe_lost_duplicated_and_out_of_order_webhooks_move_the_money_once() {
    for case in cases(Kind::Stripe).await {
        webhooks_move_money_once(&case).await;
        case.app.stop().await;
    }
}

#[tokio::test]
async fn alipay_lost_duplicated_and_out_of_order_notifications_move_the_money_once() {
    for case in cases(Kind::Alipay).await {
        webhooks_move_money_once(&case).await;
        case.app.stop().await;
    }
}

fn paid(intent: &str) -> Change {
    Change::Payment {
        intent_id: intent.to_owned(),
        outcome: "succeeded".to_owned(),
    }
}

async fn webhooks_move_money_once(case: &Case) {
    let (provider, app) = (&case.provider, &case.app);
    let state = &app.state;
    let context = format!("{} on {}", provider.name(), case.backend);
    let payer = user(state, "Payer").await;
    let pass = || async { reconcile::run(state).await.expect("a pass") };

    // Lost: paid at the provider, the webhook never arrives.
    let lost = provider.paid_checkout(app, &payer, 4_200, None).await;
    let late = provider.paid_webhook(&lost);
    assert_eq!(
        pass().await,
        Vec::new(),
        "{context}: a payment under a minute old is left to its webhook"
    );
    assert_eq!(intent_state(state, &lost).await, "pending");
    backdate(state, &lost).await;
    assert_eq!(pass().await, vec![paid(&lost)], "{context}");
    assert_eq!(intent_state(state, &lost).await, "succeeded");
    assert_eq!(available(state, &payer).await, 4_200, "{context}");
    assert_eq!(transactions(state).await, 1);
    assert_eq!(pass().await, Vec::new(), "{context}: once");
    late.deliver(app).await;
    late.deliver(app).await;
    assert_eq!(
        available(state, &payer).await,
        4_200,
        "{context}: the late webhook credits nothing more"
    );
    assert_eq!(transactions(state).await, 1);
    assert_ledger_consistent(state, &context).await;

    // Duplicated: the same delivery twice, then the outcome reported anew.
    let twice = provider.paid_checkout(app, &payer, 3_000, None).await;
    let delivery = provider.paid_webhook(&twice);
    delivery.deliver(app).await;
    delivery.deliver(app).await;
    provider.paid_webhook(&twice).deliver(app).await;
    assert_eq!(available(state, &payer).await, 7_200, "{context}");
    assert_eq!(transactions(state).await, 2);
    // Settled by its webhook: reconciliation has nothing to ask.
    backdate(state, &twice).await;
    assert_eq!(pass().await, Vec::new(), "{context}");
    assert_ledger_consistent(state, &context).await;

    // Out of order: "closed" after "paid".
    let reordered = provider.paid_checkout(app, &payer, 1_000, None).await;
    let closed = provider.closed_webhook(&reordered);
    provider.paid_webhook(&reordered).deliver(app).await;
    closed.deliver(app).await;
    assert_eq!(
        intent_state(state, &reordered).await,
        "succeeded",
        "{context}"
    );
    assert_eq!(available(state, &payer).await, 8_200, "{context}");
    assert_eq!(transactions(state).await, 3);

    // Abandoned at the provider, its webhook lost: settled, no money.
    let abandoned = abandoned_checkout(case, &payer).await;
    backdate(state, &abandoned).await;
    assert_eq!(
        pass().await,
        vec![Change::Payment {
            intent_id: abandoned.clone(),
            outcome: "abandoned".to_owned(),
        }],
        "{context}"
    );
    assert_eq!(intent_state(state, &abandoned).await, "abandoned");
    assert_eq!(available(state, &payer).await, 8_200, "{context}");
    assert_eq!(transactions(state).await, 3);
    assert_ledger_consistent(state, &context).await;
}

/// A checkout the payer left, expired or closed at the provider.
async fn abandoned_checkout(case: &Case, payer: &bounty::domain::CurrentUser) -> String {
    use crate::support::money::key;
    use crate::support::stripe_stand_in::SessionState;
    use bounty::server::services::money::top_up;
    let app = &case.app;
    match &case.provider {
        super::Provider::Stripe(stand_in) => {
            top_up::start(&app.state, payer, 500, None, &key())
                .await
                .expect("checkout");
            let intent = crate::payments_stripe::last_intent(stand_in);
            stand_in.set_session(&intent, SessionState::Expired);
            intent
        }
        super::Provider::Alipay(stand_in) => {
            let intent = crate::payments_alipay::checkout(app, stand_in, payer, 500, None).await;
            stand_in.close(&intent);
            intent
        }
    }
}
