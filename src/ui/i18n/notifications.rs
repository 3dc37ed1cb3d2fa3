//! Text of the notifications page and its header link, with the struct and
//! every language side by side.

/// Notifications.
pub struct NotificationTexts {
    pub nav: &'static str,
    pub title: &'static str,
    pub empty: &'static str,
    pub mark_read: &'static str,
    pub unread: &'static str,
    /// By `NotificationKind::ALL`.
    pub kinds: [&'static str; 11],
    pub by: &'static str,
    pub wallet: &'static str,
    pub settings_title: &'static str,
    pub mail_label: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
}

pub(super) const EN: NotificationTexts = NotificationTexts {
    nav: "Notifications",
    title: "Notifications",
    empty: "Nothing has happened yet. When someone takes your order, submits, pays or disputes, it shows here.",
    mark_read: "Mark all as read",
    unread: "unread",
    kinds: [
        "Your order was taken",
        "A solution was submitted to your order",
        "The reward of your task is secured",
        "The publisher opened your solution",
        "The publisher asked for changes",
        "Your solution was confirmed: the reward is in your wallet",
        "The reward was released",
        "A dispute was opened",
        "An admin decided the dispute",
        "Your withdrawal was paid out",
        "Your withdrawal was rejected",
    ],
    by: "by",
    wallet: "Wallet",
    settings_title: "E-mail",
    mail_label: "Also e-mail me about submissions, payments, disputes and withdrawals",
    save: "Save",
    saved: "Saved.",
};

pub(super) const ZH: NotificationTexts = NotificationTexts {
    nav: "通知",
    title: "通知",
    empty: "暂无通知。有人接单、提交、付款或发起争议时会显示在这里。",
    mark_read: "全部标为已读",
    unread: "条未读",
    kinds: [
        "你的订单已被接单",
        "你的订单收到了解答",
        "你接的任务赏金已托管",
        "发布者已查看你的解答",
        "发布者要求修改",
        "你的解答已确认：赏金已到账",
        "赏金已自动发放",
        "有人发起了争议",
        "管理员已裁决争议",
        "你的提现已打款",
        "你的提现被拒绝",
    ],
    by: "来自",
    wallet: "钱包",
    settings_title: "邮件",
    mail_label: "有提交、付款、争议和提现时也给我发邮件",
    save: "保存",
    saved: "已保存。",
};
