//! Text of agreements on an order's money panel (cancelling together,
//! fixing a negotiable reward), with the struct and every language side by
//! side.

/// Agreements between an order's two parties.
pub struct AgreementTexts {
    pub title: &'static str,
    pub propose_cancel: &'static str,
    pub propose_cancel_hint: &'static str,
    pub proposed_by_me: &'static str,
    pub withdraw_cancel: &'static str,
    pub proposed_by_other: &'static str,
    pub accept_cancel: &'static str,
    pub reward_hint: &'static str,
    pub reward_label: &'static str,
    pub propose_reward: &'static str,
    pub reward_waiting: &'static str,
    pub reward_offered: &'static str,
    pub accept_reward: &'static str,
}

pub(super) const EN: AgreementTexts = AgreementTexts {
    title: page_text!("Agreements"),
    propose_cancel: page_text!("Propose cancelling"),
    propose_cancel_hint: page_text!(
        "Nothing has been submitted yet. If both of you agree, the order is cancelled and a secured reward returns to the publisher."
    ),
    proposed_by_me: page_text!(
        "You proposed cancelling this order; the other party has not answered yet."
    ),
    withdraw_cancel: page_text!("Take the proposal back"),
    proposed_by_other: page_text!(
        "The other party proposes cancelling this order. If you accept, it is cancelled and a secured reward returns to the publisher."
    ),
    accept_cancel: page_text!("Accept cancelling"),
    reward_hint: page_text!(
        "The reward is negotiable. Set the amount you agreed on; once the solver accepts it you can secure it."
    ),
    reward_label: page_text!("Reward"),
    propose_reward: page_text!("Propose this reward"),
    reward_waiting: page_text!("Waiting for the solver to accept the proposed reward:"),
    reward_offered: page_text!("The publisher proposes a reward of"),
    accept_reward: page_text!("Accept this reward"),
};

pub(super) const ZH: AgreementTexts = AgreementTexts {
    title: page_text!("协商"),
    propose_cancel: page_text!("提议取消"),
    propose_cancel_hint: page_text!(
        "尚未提交任何解答。如果双方同意，订单将被取消，已托管的赏金退回发布者。"
    ),
    proposed_by_me: page_text!("你已提议取消此订单，等待对方回应。"),
    withdraw_cancel: page_text!("撤回提议"),
    proposed_by_other: page_text!(
        "对方提议取消此订单。如果你同意，订单将被取消，已托管的赏金退回发布者。"
    ),
    accept_cancel: page_text!("同意取消"),
    reward_hint: page_text!("赏金为面议。填写双方商定的金额；解答者接受后即可托管。"),
    reward_label: page_text!("赏金"),
    propose_reward: page_text!("提出此赏金"),
    reward_waiting: page_text!("等待解答者接受提出的赏金："),
    reward_offered: page_text!("发布者提出的赏金为"),
    accept_reward: page_text!("接受此赏金"),
};
