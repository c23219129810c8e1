"""The `jixiao` command: build, check (template, rollover and summary follow)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import click

from .build import Outcome, analyse, build
from .messages import error, sort_messages
from .output import save_atomic


def _echo_messages(out: Outcome, many: bool) -> None:
    prefix = f"[{out.source}] " if many else ""
    for m in out.messages:
        click.echo(prefix + str(m), err=m.level != "提示")


def _safe(fn, path: Path) -> Outcome:
    """Run one build/check; an unexpected exception becomes a message, never a traceback."""
    try:
        return fn(path)
    except Exception as e:  # noqa: BLE001 — the last guard; the bug is reported, the run goes on
        detail = "".join(traceback.format_exception_only(type(e), e)).strip()
        return Outcome(path.name, [error("", f"程序内部错误，未能处理该工作簿（{detail[:200]}）",
                                         "请把该工作簿和这条信息发给维护人员。")])


def _check_only(path: Path) -> Outcome:
    out = analyse(path)[0]
    out.messages = sort_messages(out.messages)
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jixiao")
def main() -> None:
    """jixiao：从一个 Excel 工作簿生成部门（单位）整体支出绩效自评报告。"""


@main.command("check")
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(path_type=Path))
def check_cmd(workbooks: tuple[Path, ...]) -> None:
    """检查工作簿，列出错误和警告（有错误时退出码非0）。"""
    failed = 0
    for path in workbooks:
        out = _safe(_check_only, path)
        _echo_messages(out, len(workbooks) > 1)
        errors = sum(m.is_error for m in out.messages)
        warns = sum(m.level == "警告" for m in out.messages)
        click.echo(f"{out.source}：{errors} 个错误，{warns} 个警告"
                   + (f"；总分 {out.total:.2f}，等级 {out.grade}" if out.total is not None and not errors else ""))
        failed += errors > 0
    sys.exit(1 if failed else 0)


@main.command("build")
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="报告输出文件夹")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF")
def build_cmd(workbooks: tuple[Path, ...], outdir: Path, pdf: bool) -> None:
    """生成报告：OUTDIR/{年度}年度{单位名称}整体支出绩效自评报告.docx。"""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        click.echo(f"错误 无法创建输出文件夹 {outdir}（{e.strerror}） 请换一个输出位置。", err=True)
        sys.exit(2)
    failed = 0
    for path in workbooks:
        out = _safe(build, path)
        _echo_messages(out, len(workbooks) > 1)
        if out.data is None:
            click.echo(f"{out.source}：有错误，未生成报告（原有报告保持不变）。请按上面的提示改正后重试。", err=True)
            failed += 1
            continue
        target = outdir / out.filename
        if target.resolve().parent != outdir.resolve():
            click.echo(f"{out.source}：报告文件名不安全，未生成。", err=True)
            failed += 1
            continue
        try:
            old = target.read_bytes() if target.is_file() else None
            save_atomic(out.data, target)
        except OSError as e:
            click.echo(f"{out.source}：报告无法写入 {target}（{e.strerror}），原有报告保持不变。"
                       "请检查输出文件夹是否可写、文件是否正在 Word/WPS 中打开。", err=True)
            failed += 1
            continue
        state = "（新生成）" if old is None else ("（内容无变化）" if old == out.data else "（已更新）")
        click.echo(f"{out.source} → {target}{state}" +
                   (f"  总分 {out.total:.2f}，等级 {out.grade}" if out.total is not None else ""))
        if pdf and not _pdf(target):
            failed += 1
    sys.exit(1 if failed else 0)


@main.command("template")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path), default=None,
              help="输出文件（默认：绩效自评工作簿_{年度}.xlsx）")
@click.option("--year", type=int, default=None, help="年度，预先填入“基本信息”")
def template_cmd(target: Path | None, year: int | None) -> None:
    """生成空白工作簿（含表头、标准项目和下拉列表）。"""
    from .blank import blank_workbook
    target = target or Path(f"绩效自评工作簿_{year or ''}.xlsx".replace("_.", "."))
    if target.exists():
        click.echo(f"错误 {target} 已存在，未覆盖。请换一个文件名或先移走原文件。", err=True)
        sys.exit(1)
    save_atomic(blank_workbook(year), target)
    click.echo(f"空白工作簿 → {target}")


def _pdf(docx: Path) -> bool:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        click.echo("错误 未找到 LibreOffice，无法生成 PDF。请安装 LibreOffice（如 apt-get install "
                   "libreoffice-writer-nogui）后重试；.docx 报告已生成。", err=True)
        return False
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                           check=True, capture_output=True, timeout=300)
            made = Path(tmp) / (docx.stem + ".pdf")
            save_atomic(made.read_bytes(), docx.with_suffix(".pdf"))
        except (subprocess.SubprocessError, OSError) as e:
            click.echo(f"错误 LibreOffice 转换 PDF 失败（{type(e).__name__}）；.docx 报告已生成。", err=True)
            return False
    click.echo(f"  PDF → {docx.with_suffix('.pdf')}")
    return True


if __name__ == "__main__":
    main()
