//! Usage errors in Chinese: clap's own messages are English, so the common
//! kinds are written again from the error's context (the option, the value,
//! the suggestion), with clap's usage line kept and labelled.

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};
use std::error::Error as _;

/// The message after `用法错误 (usage): `, ending in a newline.
pub fn message(e: &Error) -> String {
    let get = |k: ContextKind| e.get(k).map(text);
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut out = match e.kind() {
        ErrorKind::UnknownArgument => format!("没有这个选项: {arg}"),
        ErrorKind::InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("没有这个命令: {sub}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必填的参数: {arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue)
                .map(|v| format!(" (可选: {v})"))
                .unwrap_or_default();
            if value.is_empty() {
                format!("选项 {arg} 需要一个值{valid}")
            } else {
                format!("选项 {arg} 的值 {value:?} 无效{valid}")
            }
        }
        ErrorKind::ValueValidation => {
            let why = e.source().map(|s| format!(": {s}")).unwrap_or_default();
            format!("选项 {arg} 的值 {value:?} 无效{why}")
        }
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg).unwrap_or_default();
            format!("选项 {arg} 不能与 {prior} 同时使用")
        }
        ErrorKind::TooManyValues => format!("选项 {arg} 的值太多: {value}"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("选项 {arg} 的值的个数不对")
        }
        ErrorKind::NoEquals => format!("选项 {arg} 的值须用 = 连写"),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_string(),
        _ => return clap_text(e),
    };
    for (k, what) in [
        (ContextKind::SuggestedArg, "是否应为"),
        (ContextKind::SuggestedSubcommand, "是否应为"),
        (ContextKind::SuggestedValue, "是否应为"),
    ] {
        if let Some(s) = get(k) {
            out.push_str(&format!(" ({what} {s}?)"));
        }
    }
    if matches!(
        e.get(ContextKind::TrailingArg),
        Some(ContextValue::Bool(true))
    ) {
        out.push_str(&format!(" (如要把 {arg} 作为值, 请写 -- {arg})"));
    }
    out.push('\n');
    if let Some(usage) = usage_of(e) {
        out.push('\n');
        out.push_str(&usage);
    }
    out.push_str("\n详见 --help (for more information, try '--help')\n");
    out
}

/// A context value as plain text; lists joined with `, `.
fn text(v: &ContextValue) -> String {
    match v {
        ContextValue::None => String::new(),
        ContextValue::Bool(b) => b.to_string(),
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Clap's usage line, labelled in Chinese.
fn usage_of(e: &Error) -> Option<String> {
    let rendered = e.render().to_string();
    let at = rendered.find("Usage: ")?;
    let rest = &rendered[at + "Usage: ".len()..];
    let line = rest.lines().next()?;
    Some(format!("用法 (Usage): {line}\n"))
}

/// Any other kind: clap's words, with its English framing turned.
fn clap_text(e: &Error) -> String {
    let text = e.render().to_string();
    text.strip_prefix("error: ")
        .unwrap_or(&text)
        .replace("\nUsage: ", "\n用法 (Usage): ")
        .replace(
            "For more information, try '--help'.",
            "详见 --help (for more information, try '--help')",
        )
}
