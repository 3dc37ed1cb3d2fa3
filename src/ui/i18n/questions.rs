//! Text of the questions section of an order page, with the struct and
//! every language side by side.

/// Public questions on an order.
pub struct QuestionTexts {
    pub title: &'static str,
    pub none_yet: &'static str,
    pub ask_label: &'static str,
    pub ask_hint: &'static str,
    pub ask: &'static str,
    pub sign_in_to_ask: &'static str,
    pub closed: &'static str,
    pub answer_label: &'static str,
    pub answer: &'static str,
    pub answer_heading: &'static str,
    pub hide: &'static str,
    pub hide_hint: &'static str,
    pub hidden_mark: &'static str,
    pub waiting: &'static str,
    pub asked_by: &'static str,
}

pub(super) const EN: QuestionTexts = QuestionTexts {
    title: page_text!("Questions"),
    none_yet: page_text!("No questions yet."),
    ask_label: page_text!("Your question"),
    ask_hint: page_text!(
        "Public: everyone who can see this order sees it and the publisher's answer. Markdown works."
    ),
    ask: page_text!("Ask"),
    sign_in_to_ask: page_text!("Sign in to ask a question"),
    closed: page_text!("The order is no longer taking questions."),
    answer_label: page_text!("Your answer"),
    answer: page_text!("Answer"),
    answer_heading: page_text!("The publisher's answer"),
    hide: page_text!("Hide"),
    hide_hint: page_text!("Hidden questions are shown only to you and their asker."),
    hidden_mark: page_text!("Hidden by the publisher: only the publisher and the asker see it."),
    waiting: page_text!("Not answered yet."),
    asked_by: page_text!("asked by"),
};

pub(super) const ZH: QuestionTexts = QuestionTexts {
    title: page_text!("提问"),
    none_yet: page_text!("暂无提问。"),
    ask_label: page_text!("你的问题"),
    ask_hint: page_text!("公开：能看到此订单的人都能看到问题和发布者的回答。支持 Markdown。"),
    ask: page_text!("提问"),
    sign_in_to_ask: page_text!("登录后提问"),
    closed: page_text!("该订单已不再接受提问。"),
    answer_label: page_text!("你的回答"),
    answer: page_text!("回答"),
    answer_heading: page_text!("发布者的回答"),
    hide: page_text!("隐藏"),
    hide_hint: page_text!("隐藏的问题只有你和提问者能看到。"),
    hidden_mark: page_text!("已被发布者隐藏：只有发布者和提问者能看到。"),
    waiting: page_text!("尚未回答。"),
    asked_by: page_text!("提问者"),
};
