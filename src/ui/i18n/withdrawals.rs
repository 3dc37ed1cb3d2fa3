//! Text of withdrawals: the wallet's form and list and the admin's queue,
//! with the struct and every language side by side.

/// Withdrawals, for users and for admins.
pub struct WithdrawTexts {
    pub title: &'static str,
    pub hint: &'static str,
    pub amount: &'static str,
    pub amount_to_withdraw: &'static str,
    pub payout_account: &'static str,
    /// With Alipay: the account is an Alipay login, and the holder's name is checked.
    pub alipay_account: &'static str,
    pub holder: &'static str,
    pub button: &'static str,
    pub requested: &'static str,
    pub list_title: &'static str,
    /// By `WithdrawalState`: pending, paid, rejected, sending.
    pub states: [&'static str; 4],
    pub reference: &'static str,
    pub reason: &'static str,
    pub nav: &'static str,
    pub admin_title: &'static str,
    pub admin_intro: &'static str,
    pub pending_title: &'static str,
    pub decided_title: &'static str,
    pub none: &'static str,
    pub user: &'static str,
    pub requested_on: &'static str,
    pub account: &'static str,
    pub note_label: &'static str,
    pub mark_paid: &'static str,
    /// Approving a withdrawal the provider sends.
    pub approve_send: &'static str,
    pub reject: &'static str,
}

pub(super) const EN: WithdrawTexts = WithdrawTexts {
    title: page_text!("Withdraw"),
    hint: page_text!(
        "The amount is held from your available balance until an admin pays it out to the account you give here."
    ),
    amount: page_text!("Amount"),
    amount_to_withdraw: page_text!("Amount to withdraw"),
    payout_account: page_text!(
        "Payout account (bank and account number, or wallet id, and the holder's name)"
    ),
    alipay_account: page_text!(
        "Alipay account (the phone number or e-mail address you sign in with)"
    ),
    holder: page_text!("The account holder's real name (Alipay checks it before paying)"),
    button: page_text!("Request withdrawal"),
    requested: page_text!("Withdrawal requested: the amount is held until it is paid out."),
    list_title: page_text!("Withdrawals"),
    states: [
        page_text!("Waiting to be paid out"),
        page_text!("Paid out"),
        page_text!("Rejected"),
        page_text!("Being sent by the payment provider"),
    ],
    reference: page_text!("Reference:"),
    reason: page_text!("Reason:"),
    nav: page_text!("Withdrawals"),
    admin_title: page_text!("Withdrawals"),
    admin_intro: page_text!(
        "Pay each request out to its account, then record the payout's reference; or reject it with a reason (the held amount returns to the user)."
    ),
    pending_title: page_text!("Waiting"),
    decided_title: page_text!("Decided"),
    none: page_text!("No withdrawal is waiting."),
    user: page_text!("User"),
    requested_on: page_text!("Asked on"),
    account: page_text!("Account"),
    note_label: page_text!("Payout reference, or the reason for rejecting"),
    mark_paid: page_text!("Mark paid"),
    approve_send: page_text!("Approve and send"),
    reject: page_text!("Reject"),
};

pub(super) const ZH: WithdrawTexts = WithdrawTexts {
    title: page_text!("提现"),
    hint: page_text!("提现金额将从可用余额中冻结，直到管理员打款到你填写的账户。"),
    amount: page_text!("金额"),
    amount_to_withdraw: page_text!("提现金额"),
    payout_account: page_text!("收款账户（银行及账号或钱包号，以及户名）"),
    alipay_account: page_text!("支付宝账号（登录用的手机号或邮箱）"),
    holder: page_text!("收款人真实姓名（支付宝打款前会核对）"),
    button: page_text!("申请提现"),
    requested: page_text!("已申请提现：金额已冻结，等待打款。"),
    list_title: page_text!("提现记录"),
    states: [
        page_text!("等待打款"),
        page_text!("已打款"),
        page_text!("已拒绝"),
        page_text!("支付机构处理中"),
    ],
    reference: page_text!("打款编号："),
    reason: page_text!("理由："),
    nav: page_text!("提现"),
    admin_title: page_text!("提现"),
    admin_intro: page_text!(
        "向每个申请的账户打款后记录打款编号；或填写理由拒绝（冻结金额退回用户）。"
    ),
    pending_title: page_text!("待处理"),
    decided_title: page_text!("已处理"),
    none: page_text!("没有待处理的提现。"),
    user: page_text!("用户"),
    requested_on: page_text!("申请日期"),
    account: page_text!("账户"),
    note_label: page_text!("打款编号或拒绝理由"),
    mark_paid: page_text!("标记已打款"),
    approve_send: page_text!("批准并打款"),
    reject: page_text!("拒绝"),
};
