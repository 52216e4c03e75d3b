"""The page's notebook edition: the executed page, in plain Jupyter Markdown.

The pages are MyST Markdown notebooks; Colab, JupyterLab and GitHub read plain Markdown. The
edition of a page is made from the notebook the build executed (``_build/jupyter_execute``)
and the values its cells glued (``<page>.glue.json`` beside it):

- glued numbers and words become their computed text, glued figures their pictures (as
  attachments of the Markdown cell), glued maths stays maths;
- ``{term}``, ``{ref}``, ``{numref}`` and ``{doc}`` become links to the website's pages
  (``html_baseurl`` in _config.yml); index entries and ``(label)=`` targets disappear;
- margin notes and admonitions become quoted notes, exercise answers (dropdowns) collapsed
  ``<details>`` blocks;
- the code stays as it is, except that ``from myst_nb import glue`` becomes the package's
  own ``glue`` (``nnbook.notebook``), so the notebook runs with only the package installed;
  the cells the website hides stay, collapsed where the interface can (JupyterLab's
  ``source_hidden``, Colab's form view).

One edition per page, used by Colab (``notebooks/`` in the repository, written by
``tools/make_notebooks.py``, which ``make book`` runs after the build), Binder and the
download menu (this extension writes the same file into ``_sources/`` during the build).
"""

from __future__ import annotations

import ast
import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

NOTEBOOKS = "notebooks"  # the repository folder that mirrors book/ as .ipynb
ROOT = Path(__file__).resolve().parents[2]  # the book's repository: _toc.yml lives here
EXECUTED = ROOT / "_build" / "jupyter_execute"  # where the build keeps the executed pages
CLONE_NAME = "make-your-own-neural-network"  # the folder a notebook fetches the book into
MYST_GLUE_IMPORT = "from myst_nb import glue"
PACKAGE_GLUE_IMPORT = "from nnbook.notebook import glue"
HIDDEN_TAGS = {"remove-input", "remove-cell", "hide-input", "hide-cell"}
NO_OUTPUT_TAGS = {"remove-output", "remove-cell"}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
SETUP_SOURCE = """\
# Set-up: run this cell first. It finds the book's files (on Binder and in a copy of the book
# they are right here; anywhere else, such as Colab or a downloaded notebook, it fetches them
# once), moves into this page's folder, and installs the book's package `nnbook` if missing.
import importlib.util
import os
import subprocess
from pathlib import Path

book = Path("{up}")  # this notebook sits as deep in notebooks/ as its page in book/
if not (book / "_toc.yml").is_file():
    book = Path.home() / "{clone}"
    if not (book / "_toc.yml").is_file():
        source = os.environ.get("NNBOOK_REPOSITORY", "{repository}")
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", source, str(book)], check=True)
os.chdir(book / "{folder}")
if importlib.util.find_spec("nnbook") is None:
    %pip install --quiet {up}code
"""

# What MyST syntax looks like; an edition's Markdown must hold none of it (tests/test_editions.py).
MYST_PATTERNS = {
    "role": re.compile(r"\{[a-z][\w:-]*\}`"),
    "directive": re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\{[\w:-]+\}", re.MULTILINE),
    "target": re.compile(r"^\s*\([\w:.-]+\)=\s*$", re.MULTILINE),
    "glue": re.compile(r"glue:"),
}
ROLE = re.compile(r"\{([a-z][\w:-]*)\}`([^`]+)`")
FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*?)\s*$")
OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):\s*(?P<value>.*)$")
TARGET = re.compile(r"^\s*\((?P<label>[\w:.-]+)\)=\s*$")
TITLED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


def setup_source(page: Path, repository: str) -> str:
    """The first cell of a page's edition; ``page`` is the page's path in the repository."""
    folder = page.resolve().parent.relative_to(ROOT)
    up = "../" * len(folder.parts)
    return SETUP_SOURCE.format(up=up, clone=CLONE_NAME, repository=repository, folder=folder.as_posix())


def is_notebook_page(path: Path) -> bool:
    """A MyST Markdown notebook starts with jupytext front matter naming a kernel."""
    head = path.read_text(encoding="utf-8")[:600]
    return head.startswith("---") and "kernelspec:" in head


def myst_found(markdown: str) -> list[str]:
    """The kinds of MyST syntax left in ``markdown`` (empty when it is plain Markdown)."""
    return [kind for kind, pattern in MYST_PATTERNS.items() if pattern.search(markdown)]


@dataclass
class Site:
    """What links need: the website's address and where every label and term lives."""

    baseurl: str
    labels: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # label: (docname, anchor, title)
    terms: dict[str, str] = field(default_factory=dict)  # a glossary term, lower case: as the glossary spells it

    def page_url(self, docname: str, anchor: str = "") -> str:
        return f"{self.baseurl}{docname}.html" + (f"#{anchor}" if anchor else "")

    def link(self, label: str, text: str | None = None) -> str:
        docname, anchor, title = self.labels.get(label, ("", label, label))
        return f"[{text or title}]({self.page_url(docname, anchor) if docname else '#' + anchor})"

    def term(self, text: str, term: str) -> str:
        spelled = self.terms.get(term.lower(), term)  # Sphinx keeps the glossary's capitals in the anchor
        slug = re.sub(r"[^A-Za-z0-9]+", "-", spelled).strip("-")
        return f"[{text}]({self.page_url('book/glossary', 'term-' + slug)})"

    def doc(self, text: str, target: str, page_docname: str) -> str:
        if target.startswith("/"):
            docname = target.lstrip("/")
        else:
            docname = (Path(page_docname).parent / target).as_posix()
        title = next((t for d, a, t in self.labels.values() if d == docname and not a), docname)
        return f"[{text or title}]({self.page_url(docname)})"


def read_site(root: Path, baseurl: str) -> Site:
    """Every ``(label)=`` target and every named figure or equation of the book's pages."""
    site = Site(baseurl=baseurl.rstrip("/") + "/")
    for page in sorted((root / "book").rglob("*.md")):
        docname = page.relative_to(root).with_suffix("").as_posix()
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            target = TARGET.match(line)
            if target:
                heading = next((x for x in lines[number + 1 :] if x.strip()), "")
                level = len(heading) - len(heading.lstrip("#"))
                title = heading.lstrip("#").strip() if level else target["label"]
                site.labels[target["label"]] = (docname, "" if level == 1 else target["label"], _plain(title))
            option = OPTION.match(line)
            if option and option["key"] in ("name", "label"):
                kind = "equation" if option["key"] == "label" else "figure"
                anchor = f"equation-{option['value']}" if kind == "equation" else option["value"]
                site.labels[option["value"]] = (docname, anchor, f"this {kind}")
        if docname == "book/glossary":
            inside = False
            for line in lines:
                inside = inside or line.startswith("```{glossary}")
                if inside and line and not line.startswith((" ", ":", "`")):
                    site.terms[line.strip().lower()] = line.strip()
    return site


def _plain(title: str) -> str:
    """A heading's words without roles (a title that holds a term, say)."""
    return ROLE.sub(lambda m: TITLED.match(m[2])[1] if TITLED.match(m[2]) else m[2], title)


class Glued:
    """The values a page's cells glued, by name, as the build stored them."""

    def __init__(self, outputs: dict[str, dict]) -> None:
        self.outputs = outputs

    def data(self, name: str) -> dict:
        name = name.split("::", 1)[-1].strip().partition(":")[0]  # no format (":.2f", ":myst")
        if name not in self.outputs:
            raise KeyError(f"nothing was glued under {name!r}")
        data = self.outputs[name].get("data", {})
        return {mime: "".join(value) if isinstance(value, list) else value for mime, value in data.items()}

    def text(self, spec: str) -> str:
        name, _, fmt = spec.strip().partition(":")
        plain = self.data(name).get("text/plain", "")
        try:
            value = ast.literal_eval(plain)
        except (SyntaxError, ValueError):
            value = plain
        if fmt:
            kind = fmt[-1]
            if kind == "s":
                value = str(value)
            elif kind in "bcdoxX":
                value = int(value)
            elif kind in "eEfFgGn%":
                value = float(value)
            return format(value, fmt)
        return str(value)

    def markdown(self, name: str) -> str:
        data = self.data(name.strip())
        return data.get("text/markdown", data.get("text/plain", ""))

    def math(self, name: str) -> str:
        data = self.data(name.strip())
        return data.get("text/latex", data.get("text/plain", "")).strip().strip("$").strip()

    def image(self, name: str) -> tuple[str, str]:
        data = self.data(name.strip())
        for mime in ("image/png", "image/jpeg", "image/svg+xml"):
            if mime in data:
                return mime, data[mime]
        raise KeyError(f"{name!r} holds no picture")


class Converter:
    """Turns one page's MyST Markdown into plain Markdown (and the pictures it needs)."""

    def __init__(self, site: Site, glued: Glued, docname: str, repository: str) -> None:
        self.site, self.glued, self.docname, self.repository = site, glued, docname, repository.rstrip("/")
        self.attachments: dict[str, dict[str, str]] = {}

    # Inline roles -----------------------------------------------------------------------------
    def role(self, match: re.Match) -> str:
        name, content = match[1], match[2]
        titled = TITLED.match(content)
        text, target = (titled["text"], titled["target"]) if titled else (None, content)
        if name in ("glue", "glue:", "glue:text"):
            return self.glued.text(content)
        if name == "glue:md":
            return self.markdown(self.glued.markdown(content)).strip()
        if name == "glue:math":
            return f"${self.glued.math(content)}$"
        if name in ("ref", "numref"):
            return self.site.link(target, text.replace("%s", "").strip() if text else None)
        if name == "eq":
            return self.site.link(target, "this equation")
        if name == "term":
            return self.site.term(text or target, target)
        if name == "doc":
            return self.site.doc(text, target, self.docname)
        if name == "math":
            return f"${content}$"
        if name == "index":
            return text if text is not None else content.split(";")[0].split(":")[-1].strip()
        if name in ("sub", "sup", "abbr", "kbd", "code", "samp", "file", "command"):
            return f"`{content}`" if name in ("code", "kbd", "samp", "file", "command") else content
        return text or content

    def inline(self, text: str) -> str:
        return ROLE.sub(self.role, text)

    # Blocks -----------------------------------------------------------------------------------
    def markdown(self, text: str) -> str:
        """Plain Markdown for a cell's (or a glued) MyST Markdown."""
        lines = text.splitlines()
        out: list[str] = []
        index = 0
        in_code: str | None = None
        while index < len(lines):
            line = lines[index]
            if in_code is not None:
                out.append(line)
                if line.strip().startswith(in_code) and set(line.strip()) == {in_code[0]}:
                    in_code = None
                index += 1
                continue
            opened = FENCE_OPEN.match(line)
            if opened:
                end = self._closing(lines, index, opened["fence"])
                indent = len(opened["indent"])
                body = [x[indent:] if x[:indent].isspace() else x for x in lines[index + 1 : end]]
                out.extend(self.directive(opened["name"], opened["arg"], body).splitlines())
                index = end + 1
                continue
            plain_fence = re.match(r"^\s*(`{3,}|~{3,})", line)
            if plain_fence:
                in_code = plain_fence[1]
                out.append(line)
                index += 1
                continue
            if TARGET.match(line):
                index += 1
                continue
            out.append(self.inline(line))
            index += 1
        return "\n".join(out)

    @staticmethod
    def _closing(lines: list[str], start: int, fence: str) -> int:
        for index in range(start + 1, len(lines)):
            stripped = lines[index].strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                return index
        return len(lines)

    @staticmethod
    def _options(body: list[str]) -> tuple[dict[str, str], list[str]]:
        options: dict[str, str] = {}
        index = 0
        while index < len(body) and OPTION.match(body[index]):
            option = OPTION.match(body[index])
            options[option["key"]] = option["value"]
            index += 1
        return options, body[index:]

    def directive(self, name: str, arg: str, body: list[str]) -> str:
        options, content = self._options(body)
        inner = self.markdown("\n".join(content)).strip("\n")
        if name in ("index", "tableofcontents"):
            return ""
        if name == "only":
            return inner if "html" in arg or "latex" not in arg else ""
        if name == "dropdown":
            return f"<details>\n<summary>{self.inline(arg) or 'Show'}</summary>\n\n{inner}\n\n</details>\n"
        if name in ("margin", "admonition", "note", "important", "tip", "warning", "hint", "seealso", "epigraph"):
            title = self.inline(arg) or {"margin": "", "epigraph": ""}.get(name, name.capitalize())
            return _quoted(f"**{title}**\n\n{inner}" if title else inner)
        if name == "math":
            return f"$$\n{inner}\n$$"
        if name == "glue:math" or name == "glue:math ":
            return f"$$\n{self.glued.math(arg)}\n$$"
        if name in ("glue:md", "glue:"):
            return self.markdown(self.glued.markdown(arg)) if name == "glue:md" else self.glued.text(arg)
        if name == "glue:figure":
            return self.picture(arg, options, inner)
        if name == "figure":
            address = f"{self.repository}/raw/main/{(Path(self.docname).parent / arg).as_posix()}"
            picture = f"![{options.get('alt', '')}]({address})"
            return f"{picture}\n\n*{inner}*" if inner else picture
        if name == "literalinclude":
            return self.literal(arg, options)
        if name == "list-table":
            return _table(inner)
        if name == "glossary":
            return _glossary(inner)
        return inner

    def picture(self, name: str, options: dict[str, str], caption: str) -> str:
        """A glued figure as a picture attached to the Markdown cell, with its caption."""
        mime, data = self.glued.image(name)
        suffix = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}[mime]
        file = f"{name.strip()}.{suffix}"
        if mime == "image/svg+xml" and not isinstance(data, str):
            data = "".join(data)
        if mime == "image/svg+xml":
            data = base64.b64encode(data.encode()).decode()
        self.attachments[file] = {mime: data}
        alt = options.get("alt", caption.split(".")[0] if caption else name).replace("\n", " ").replace("]", ")")
        picture = f"![{alt}](attachment:{file})"
        return f"{picture}\n\n*{caption}*" if caption else picture

    def literal(self, arg: str, options: dict[str, str]) -> str:
        source = (ROOT / Path(self.docname).parent / arg).resolve().read_text(encoding="utf-8")
        wanted = options.get("pyobject")
        if wanted:
            for node in ast.parse(source).body:
                if getattr(node, "name", None) == wanted:
                    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
                    source = "\n".join(source.splitlines()[start - 1 : node.end_lineno])
        return f"```{options.get('language', '')}\n{source.rstrip()}\n```"


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip("\n").splitlines()) + "\n"


def _table(text: str) -> str:
    """A MyST list-table (header row first) as a Markdown table."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("* - "):
            rows.append([line[4:].strip()])
        elif line.strip().startswith("- ") and rows:
            rows[-1].append(line.strip()[2:].strip())
    if not rows:
        return text
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines) + "\n"


def _glossary(text: str) -> str:
    """Sphinx's glossary (terms, then indented meanings) as bold terms and their meanings."""
    out: list[str] = []
    terms: list[str] = []
    for line in text.splitlines():
        if line and not line.startswith(" "):
            terms.append(line.strip())
            continue
        if terms:
            out.append("\n**" + "**, **".join(terms) + "**")
            terms = []
        out.append(line.strip() if line.strip() else "")
    return "\n".join(out).strip() + "\n"


def edition(page: Path, executed: dict, glued: dict, site: Site, repository: str):
    """The notebook edition of ``page`` from its executed notebook and its glued values."""
    import nbformat

    docname = page.resolve().relative_to(ROOT).with_suffix("").as_posix()
    notebook = nbformat.reads(json.dumps(executed), as_version=4)
    notebook.metadata = nbformat.from_dict({"kernelspec": notebook.metadata["kernelspec"]})
    cells = [nbformat.v4.new_code_cell(setup_source(page, repository))]
    converter_glue = Glued(glued)
    for cell in notebook.cells:
        cell.pop("id", None)
        if cell.cell_type == "markdown":
            converter = Converter(site, converter_glue, docname, repository)
            cell.source = _tidy(converter.markdown(cell.source))
            cell.metadata = {}
            cell.pop("attachments", None)
            if converter.attachments:
                cell.attachments = converter.attachments
            if cell.source.strip():
                cells.append(cell)
        elif cell.cell_type == "code":
            cells.append(_code_cell(cell))
        else:
            cells.append(cell)
    for cell in cells:
        cell.pop("id", None)  # nbformat 4.4: stable files, no random cell ids
    notebook.cells = cells
    notebook.nbformat, notebook.nbformat_minor = 4, 4
    return notebook


def _code_cell(cell):
    cell.source = cell.source.replace(MYST_GLUE_IMPORT, PACKAGE_GLUE_IMPORT)
    tags = set(cell.metadata.get("tags", []))
    metadata = {"tags": cell.metadata["tags"]} if tags else {}
    if tags & HIDDEN_TAGS:
        metadata["jupyter"] = {"source_hidden": True}  # JupyterLab and Notebook 7 fold the code
        metadata["cellView"] = "form"  # Colab shows the cell folded
    cell.metadata = metadata
    cell.execution_count = None
    outputs = []
    for output in [] if tags & NO_OUTPUT_TAGS else cell.get("outputs", []):
        if "execution_count" in output:
            output["execution_count"] = None
        data = output.get("data")
        if data is not None:
            data.pop(WIDGET_MIME, None)  # a widget needs the website's state; keep its text
            if not data:
                continue
        if output.get("metadata", {}).get("scrapbook"):
            continue  # a glued value's record: the text shows it where the page uses it
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            continue  # progress bars and warnings, which the website leaves out too
        outputs.append(output)
    cell.outputs = outputs
    return cell


def _tidy(text: str) -> str:
    """No runs of blank lines where a directive vanished."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def executed_notebook(page: Path, executed_dir: Path = EXECUTED) -> tuple[dict, dict]:
    """The executed notebook of ``page`` and its glued values, as the build left them."""
    stem = executed_dir / page.resolve().relative_to(ROOT).with_suffix("")
    notebook_file, glue_file = stem.with_suffix(".ipynb"), stem.with_suffix(".glue.json")
    if not notebook_file.is_file():
        raise FileNotFoundError(f"{notebook_file} is missing: build the book first (make book)")
    glued = json.loads(glue_file.read_text(encoding="utf-8")) if glue_file.is_file() else {}
    return _with_cached_outputs(json.loads(notebook_file.read_text(encoding="utf-8")), executed_dir), glued


def _with_cached_outputs(executed: dict, executed_dir: Path) -> dict:
    """The executed notebook with the outputs of its run from the execution cache.

    A page taken from the cache is written to jupyter_execute without its outputs; the cache
    (``_build/.jupyter_cache``) holds them for every page, fresh or not, so it is the one source.
    """
    cache_dir = executed_dir.parent / ".jupyter_cache"
    if not cache_dir.is_dir():
        return executed
    import nbformat
    from jupyter_cache import get_cache

    notebook = nbformat.reads(json.dumps(executed), as_version=4)
    try:
        _, merged = get_cache(cache_dir).merge_match_into_notebook(notebook)
    except KeyError:  # not in the cache: keep what the build wrote
        return executed
    return json.loads(nbformat.writes(merged))


def edition_text(page: Path, site: Site, repository: str, executed_dir: Path = EXECUTED) -> str:
    """The edition of ``page`` as the text of an .ipynb file (nbformat 4)."""
    import nbformat

    executed, glued = executed_notebook(page, executed_dir)
    return nbformat.writes(edition(page, executed, glued, site, repository), version=4) + "\n"


def config_addresses(root: Path = ROOT) -> tuple[str, str]:
    """The website's and the repository's addresses, from _config.yml (the one place stating them)."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config["sphinx"]["config"]["html_baseurl"], config["repository"]["url"].rstrip("/")


# The build: the download menu offers the edition --------------------------------------------
def _offer_notebook(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Before the theme draws its buttons: write the page's edition where its download menu looks."""
    if doctree is None:
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".md" or not is_notebook_page(source):
        return
    executed_dir = Path(app.outdir).parent / "jupyter_execute"
    if not (executed_dir / f"{pagename}.ipynb").is_file():
        return
    if not hasattr(app.env, "nnbook_site"):
        baseurl, repository = config_addresses(Path(app.srcdir))
        app.env.nnbook_site = (read_site(Path(app.srcdir), baseurl), repository)
    site, repository = app.env.nnbook_site
    context["ipynb_source"] = f"{pagename}.ipynb"
    target = Path(app.outdir, "_sources", f"{pagename}.ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(edition_text(source, site, repository, executed_dir), encoding="utf-8")


def edition_path(page_path: str) -> str:
    """The repository path of a page's edition: book/part2/mnist.md -> notebooks/part2/mnist.ipynb."""
    return f"{NOTEBOOKS}/{page_path.removeprefix('book/')}".removesuffix(".md") + ".ipynb"


def _launchers_open_the_edition(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """After the theme drew its buttons: Colab and Binder open notebooks/<page>.ipynb, not the .md."""
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if isinstance(group, dict) else []:
            url = button.get("url", "")
            if button.get("text") == "Colab" and url.endswith(".md"):
                head, _, tail = url.partition("/blob/")
                branch, _, path = tail.partition("/")
                button["url"] = f"{head}/blob/{branch}/{edition_path(path)}"
            elif button.get("text") == "Binder" and url.endswith(".md") and "tree/" in url:
                head, _, path = url.partition("tree/")
                button["url"] = f"{head}tree/{edition_path(path)}"


def setup(app) -> dict:
    app.connect("html-page-context", _offer_notebook, priority=400)
    app.connect("html-page-context", _launchers_open_the_edition, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
