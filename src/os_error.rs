//! The operating system's errors in Chinese: its own words are English
//! ("No such file or directory (os error 2)"), kept in brackets for support.

use std::io::{Error, ErrorKind};

/// `文件或目录不存在 (No such file or directory)`.
pub fn describe(e: &Error) -> String {
    let words = match e.kind() {
        ErrorKind::NotFound => "文件或目录不存在",
        ErrorKind::PermissionDenied => "没有权限",
        ErrorKind::AlreadyExists => "已存在",
        ErrorKind::IsADirectory => "这是一个目录, 不是文件",
        ErrorKind::NotADirectory => "路径中有一部分不是目录",
        ErrorKind::DirectoryNotEmpty => "目录不是空的",
        ErrorKind::ReadOnlyFilesystem => "只读的文件系统",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "磁盘已满或超出配额",
        ErrorKind::FileTooLarge => "文件太大",
        ErrorKind::InvalidData => "内容无效",
        ErrorKind::InvalidFilename => "文件名无效",
        ErrorKind::UnexpectedEof => "文件意外结束",
        ErrorKind::BrokenPipe => "输出管道已关闭",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::TimedOut => "操作超时",
        ErrorKind::CrossesDevices => "不能跨文件系统移动",
        ErrorKind::ResourceBusy => "资源正被占用",
        ErrorKind::OutOfMemory => "内存不足",
        _ => return format!("系统错误 ({e})"),
    };
    // The English without tempfile's "at path …" (the context names it).
    let english = e.to_string();
    let english = english.split(" at path ").next().unwrap_or("").trim();
    format!("{words} ({english})")
}

/// An error chain as one line, each system error in Chinese.
pub fn chain(e: &anyhow::Error) -> String {
    e.chain()
        .map(|c| match c.downcast_ref::<Error>() {
            Some(io) => describe(io),
            None => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_said_in_chinese_with_the_english_kept() {
        let e = Error::from(ErrorKind::NotFound);
        assert!(describe(&e).starts_with("文件或目录不存在 ("));
        let e = Error::from_raw_os_error(13);
        assert!(describe(&e).starts_with("没有权限 (Permission denied"));
    }
}
