//! A public demo on the sandbox provider (`payments.demo_money`): play money
//! can be topped up and spent, but never withdrawn.

use crate::support::TestApp;
use crate::support::money::{available, key, top_up};
use crate::support::orders::user;
use bounty::domain::AppError;
use bounty::server::services::money::withdraw;

#[tokio::test]
async fn a_demo_refuses_withdrawals_and_holds_nothing() {
    let app = TestApp::spawn_with(|settings| settings.payments.demo_money = true).await;
    let payee = user(&app.state, "Payee").await;
    top_up(&app.state, &payee, 10_000).await;
    let refused = withdraw::request(&app.state, &payee, 4_000, "Bank 6222 0001", &key()).await;
    let Err(AppError::Invalid(problems)) = refused else {
        panic!("refused with a reason: {refused:?}");
    };
    assert_eq!(problems[0].code, "withdrawals_off");
    assert_eq!(available(&app.state, &payee).await, 10_000, "nothing held");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM withdrawals")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(rows, 0, "no withdrawal row");
    app.stop().await;
}
