//! Alipay (支付宝开放平台), the provider for payers in China (issue 24). So far
//! the pure parts: what a signature covers (`content`), the RSA2 request and
//! notification signatures (`sign`), the keys they use (`keys`) and yuan on
//! the wire (`amount`). The gateway calls (`alipay.trade.page.pay`, `.query`,
//! `.refund`, `alipay.fund.trans.uni.transfer`) join them as their own files.

pub mod amount;
pub mod content;
pub mod keys;
pub mod sign;

#[cfg(test)]
mod test_keys;
