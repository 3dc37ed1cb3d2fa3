//! Text of the sealed solution on the order page (the preview, the "Open
//! the solution" button, the check of an opened version), with the struct
//! and every language side by side.

/// The sealed preview and the opened solution's seal.
pub struct SealTexts {
    pub intro: &'static str,
    pub legacy: &'static str,
    pub commitment: &'static str,
    pub open: &'static str,
    pub open_hint: &'static str,
    pub salt: &'static str,
    pub digest: &'static str,
    pub matches: &'static str,
    pub mismatch: &'static str,
    pub unsealed: &'static str,
    pub recompute: &'static str,
    pub size: &'static str,
}

pub(super) const EN: SealTexts = SealTexts {
    intro: page_text!(
        "The solution stays sealed until you open it, which needs the reward in escrow. Until then you see ranges and salted commitments: they fix what was submitted without revealing it, and once you open it the page checks the content against them."
    ),
    legacy: page_text!(
        "Submitted before sealed commitments: nothing is shown about this version until it is opened."
    ),
    commitment: page_text!("Commitment"),
    open: page_text!("Open the solution"),
    open_hint: page_text!(
        "Opening shows you the newest version and starts the release countdown: when it ends the reward goes to the solver, unless you confirm, ask for changes or open a dispute first."
    ),
    salt: page_text!("Salt"),
    digest: page_text!("SHA-256"),
    matches: page_text!(
        "Matches the sealed preview: this is the content committed to before payment."
    ),
    mismatch: page_text!(
        "DOES NOT MATCH the sealed preview: this content differs from what was committed to before payment. Do not confirm it; open a dispute."
    ),
    unsealed: page_text!(
        "Submitted before sealed commitments: there is no commitment to check it against."
    ),
    recompute: page_text!(
        "Commitment = SHA-256 of \"bounty-seal-v1\", a zero byte, \"version\", a zero byte, the salt's 32 bytes and the digest's 32 bytes."
    ),
    size: page_text!("size"),
};

pub(super) const ZH: SealTexts = SealTexts {
    intro: page_text!(
        "解答在你打开之前保持密封，打开需要先托管赏金。在此之前你只能看到范围和加盐承诺：它们固定了提交的内容而不泄露内容，打开后页面会据此核对内容。"
    ),
    legacy: page_text!("此版本提交于密封承诺启用之前：打开之前不显示任何信息。"),
    commitment: page_text!("承诺"),
    open: page_text!("打开解答"),
    open_hint: page_text!(
        "打开后你将看到最新版本，并开始自动放款倒计时：倒计时结束时赏金归解答者，除非你先确认、要求修改或发起争议。"
    ),
    salt: page_text!("盐值"),
    digest: page_text!("SHA-256"),
    matches: page_text!("与密封预览一致：这正是付款前所承诺的内容。"),
    mismatch: page_text!(
        "与密封预览不一致：此内容与付款前承诺的内容不同。请不要确认，并发起争议。"
    ),
    unsealed: page_text!("提交于密封承诺启用之前：没有可供核对的承诺。"),
    recompute: page_text!(
        "承诺 = SHA-256（\"bounty-seal-v1\"、一个零字节、\"version\"、一个零字节、盐值的 32 字节、摘要的 32 字节）。"
    ),
    size: page_text!("大小"),
};
