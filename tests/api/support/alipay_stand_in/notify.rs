//! The asynchronous notifications Alipay sends about a trade
//! (<https://opendocs.alipay.com/open/270/105902>): form bodies with the
//! documented fields, signed with the test "Alipay" key over every
//! parameter but `sign` and `sign_type`.

use super::values::beijing_now;
use super::{ALIPAY, APP_ID, AlipayStandIn};
use bounty::server::payments::alipay::keys::PrivateKey;
use bounty::server::payments::alipay::sign::sign_notification;

impl AlipayStandIn {
    /// The parameters of the notification Alipay sends when the trade of
    /// `out_trade_no` reaches `trade_status`, unsigned: the documented
    /// sample's fields, amounts from the trade, a fresh `notify_id`.
    pub fn notification(&self, out_trade_no: &str, trade_status: &str) -> Vec<(String, String)> {
        let trade = self.trade(out_trade_no);
        let amount = trade.biz["total_amount"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let subject = trade.biz["subject"].as_str().unwrap_or_default().to_owned();
        let now = beijing_now();
        let paid = matches!(trade_status, "TRADE_SUCCESS" | "TRADE_FINISHED");
        let mut params = vec![
            ("gmt_create", now.clone()),
            ("charset", "utf-8".into()),
            ("seller_email", "merchant@example.com".into()),
            ("subject", subject),
            ("buyer_id", "2088102122524333".into()),
            ("notify_id", format!("{}", uuid::Uuid::new_v4().simple())),
            ("notify_type", "trade_status_sync".into()),
            ("trade_status", trade_status.into()),
            ("app_id", APP_ID.into()),
            ("seller_id", "2088101106499364".into()),
            ("notify_time", now.clone()),
            ("version", "1.0".into()),
            ("out_trade_no", out_trade_no.into()),
            ("total_amount", amount.clone()),
            ("trade_no", "2013112011001004330000121536".into()),
            ("auth_app_id", APP_ID.into()),
            ("buyer_logon_id", "159****5620".into()),
        ];
        if paid {
            let fund_bills = format!(r#"[{{"amount":"{amount}","fundChannel":"ALIPAYACCOUNT"}}]"#);
            params.extend([
                ("gmt_payment", now.clone()),
                ("receipt_amount", amount.clone()),
                ("invoice_amount", amount.clone()),
                ("buyer_pay_amount", amount),
                ("point_amount", "0.00".into()),
                ("fund_bill_list", fund_bills),
            ]);
        } else if trade_status == "TRADE_CLOSED" {
            params.push(("gmt_close", now));
        }
        params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    /// `params` with `sign_type` and the `sign` Alipay would add.
    pub fn signed(params: Vec<(String, String)>) -> Vec<(String, String)> {
        Self::signed_by(&ALIPAY, params)
    }

    pub fn signed_by(key: &PrivateKey, mut params: Vec<(String, String)>) -> Vec<(String, String)> {
        let borrowed: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let sign = sign_notification(key, &borrowed).expect("sign");
        params.push(("sign_type".into(), "RSA2".into()));
        params.push(("sign".into(), sign));
        params
    }

    /// The `application/x-www-form-urlencoded` body of `params`.
    pub fn form(params: &[(String, String)]) -> Vec<u8> {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish()
            .into_bytes()
    }

    /// The signed body of the notification about `out_trade_no`.
    pub fn notify(&self, out_trade_no: &str, trade_status: &str) -> Vec<u8> {
        Self::form(&Self::signed(self.notification(out_trade_no, trade_status)))
    }
}
