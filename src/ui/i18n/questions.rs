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
    title: "Questions",
    none_yet: "No questions yet.",
    ask_label: "Your question",
    ask_hint: "Public: everyone who can see this order sees it and the publisher's answer. Markdown works.",
    ask: "Ask",
    sign_in_to_ask: "Sign in to ask a question",
    closed: "The order is no longer taking questions.",
    answer_label: "Your answer",
    answer: "Answer",
    answer_heading: "The publisher's answer",
    hide: "Hide",
    hide_hint: "Hidden questions are shown only to you and their asker.",
    hidden_mark: "Hidden by the publisher: only the publisher and the asker see it.",
    waiting: "Not answered yet.",
    asked_by: "asked by",
};

pub(super) const ZH: QuestionTexts = QuestionTexts {
    title: "提问",
    none_yet: "暂无提问。",
    ask_label: "你的问题",
    ask_hint: "公开：能看到此订单的人都能看到问题和发布者的回答。支持 Markdown。",
    ask: "提问",
    sign_in_to_ask: "登录后提问",
    closed: "该订单已不再接受提问。",
    answer_label: "你的回答",
    answer: "回答",
    answer_heading: "发布者的回答",
    hide: "隐藏",
    hide_hint: "隐藏的问题只有你和提问者能看到。",
    hidden_mark: "已被发布者隐藏：只有发布者和提问者能看到。",
    waiting: "尚未回答。",
    asked_by: "提问者",
};
