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
    pub kinds: [&'static str; 16],
    pub by: &'static str,
    pub wallet: &'static str,
    pub settings_title: &'static str,
    pub mail_label: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
}

pub(super) const EN: NotificationTexts = NotificationTexts {
    nav: page_text!("Notifications"),
    title: page_text!("Notifications"),
    empty: page_text!(
        "Nothing has happened yet. When someone takes your order, submits, pays or disputes, it shows here."
    ),
    mark_read: page_text!("Mark all as read"),
    unread: "unread",
    kinds: [
        page_text!("Your order was taken"),
        page_text!("A solution was submitted to your order"),
        page_text!("The reward of your task is secured"),
        page_text!("The publisher opened your solution"),
        page_text!("The publisher asked for changes"),
        page_text!("Your solution was confirmed: the reward is in your wallet"),
        page_text!("The reward was released"),
        page_text!("A dispute was opened"),
        page_text!("An admin decided the dispute"),
        page_text!("Your withdrawal was paid out"),
        page_text!("Your withdrawal was rejected"),
        page_text!("The other party proposes cancelling the order"),
        page_text!("The order was cancelled"),
        page_text!("The publisher set the reward: accept it to go on"),
        page_text!("The solver accepted the reward: you can secure it now"),
        page_text!("A new order matches your saved search"),
    ],
    by: page_text!("by"),
    wallet: page_text!("Wallet"),
    settings_title: page_text!("E-mail"),
    mail_label: page_text!("Also e-mail me about submissions, payments, disputes and withdrawals"),
    save: page_text!("Save"),
    saved: page_text!("Saved."),
};

pub(super) const ZH: NotificationTexts = NotificationTexts {
    nav: page_text!("通知"),
    title: page_text!("通知"),
    empty: page_text!("暂无通知。有人接单、提交、付款或发起争议时会显示在这里。"),
    mark_read: page_text!("全部标为已读"),
    unread: "条未读",
    kinds: [
        page_text!("你的订单已被接单"),
        page_text!("你的订单收到了解答"),
        page_text!("你接的任务赏金已托管"),
        page_text!("发布者已查看你的解答"),
        page_text!("发布者要求修改"),
        page_text!("你的解答已确认：赏金已到账"),
        page_text!("赏金已自动发放"),
        page_text!("有人发起了争议"),
        page_text!("管理员已裁决争议"),
        page_text!("你的提现已打款"),
        page_text!("你的提现被拒绝"),
        page_text!("对方提议取消订单"),
        page_text!("订单已取消"),
        page_text!("发布者已确定赏金：请确认"),
        page_text!("解答者已接受赏金：现在可以托管"),
        page_text!("有新订单符合你保存的搜索"),
    ],
    by: page_text!("来自"),
    wallet: page_text!("钱包"),
    settings_title: page_text!("邮件"),
    mail_label: page_text!("有提交、付款、争议和提现时也给我发邮件"),
    save: page_text!("保存"),
    saved: page_text!("已保存。"),
};
