r"""The registry's plain-text prose (statements, corrections) as LaTeX with its formulas as math.

NOTE: [prose math]
The registry writes formulas in its prose in ASCII (``R(Gamma)^T``, ``grad^2_yx f``,
``tau >= eta^2 mu_max``), which reads well in a terminal. :func:`typeset` turns such a text into
LaTeX for the document: the text is split into words; a word is *mathematical* when it has a
sub- or superscript, an operator or a bracket pattern of a formula (``_ ^ = < > | ( ) [ ] { } *
/ +``, ``||``, ``->``), or is a Greek letter's name or a name of :data:`_FUNCTIONS`. Runs of
mathematical words -- joined by operators (``=``, ``+``, ``-``, ``x`` between sizes) and
single-letter or numeric operands -- become one ``$...$``, in which Greek names become
``\lambda``..., ``grad`` becomes ``\nabla``, ``^T`` becomes ``^\top``, ``<=`` ``\le``, ``->``
``\to``, ``oo`` ``\infty``, ``sqrt(x)`` ``\sqrt{x}``, ``||v||`` ``\|v\|``, multi-character
subscripts are braced; the rest is escaped text. It is a reviewed heuristic, not a parser: the
test compiles every finding's text and fails on any ASCII formula left in text mode.
"""

from __future__ import annotations

import re

__all__ = ["typeset", "ASCII_MATH"]

_GREEK = (
    "alpha beta gamma delta epsilon eps zeta eta theta iota kappa lambda mu nu xi pi rho sigma "
    "tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega"
).split()
_GREEK_TEX = {name: ("\\epsilon" if name == "eps" else f"\\{name}") for name in _GREEK}
_FUNCTIONS = {
    "sqrt": "\\sqrt",
    "grad": "\\nabla",
    "tr": "\\operatorname{tr}",
    "log": "\\log",
    "exp": "\\exp",
    "det": "\\det",
    "max": "\\max",
    "min": "\\min",
    "sup": "\\sup",
    "inf": "\\inf",
    "diag": "\\operatorname{diag}",
    "rank": "\\operatorname{rank}",
    "null": "\\operatorname{null}",
    "eig": "\\operatorname{eig}",
    "Sp": "\\operatorname{Sp}",
    "kron": "\\otimes",
    "perp": "\\perp",
    "oo": "\\infty",
    "iff": "\\iff",
    "sum": "\\sum",
    "in": "\\in",
}
# A word with one of these is a formula (or part of one).
_MATHY = re.compile(r"[_^=<>|*/+\[\]{}]|[\w']\(|\)\^|->|\d[a-df-z]|\de[-+]?\d")
# Words that join two formulas into one run: operators, and "x" between sizes.
_JOINERS = {
    "=",
    "+",
    "-",
    "<",
    ">",
    "<=",
    ">=",
    "!=",
    "->",
    "~",
    "x",
    "in",
    "+-",
    "*",
    "/",
    "|",
    "kron",
}
_TRAILING = ".,;:"
# What the test looks for in text mode: ASCII formulas that should have been typeset.
ASCII_MATH = re.compile(
    r"\^|_\{|_[A-Za-z0-9]|<=|>=|!=|->|\|\||\b("
    + "|".join(n for n in _GREEK if n not in ("pi", "eta", "mu", "nu", "xi", "chi"))
    + r")\b|\bgrad\b|\bsqrt\("
)


def _is_math(word: str) -> bool:
    core = word.rstrip(_TRAILING).strip("'\"")
    if not core:
        return False
    bare = core.strip("()[]{}").lstrip("-+")
    return bool(
        _MATHY.search(core)
        or bare in _GREEK_TEX
        or bare in ("sqrt", "grad", "oo")
        or (len(single := core.rstrip(")]}")) == 1 and single.isalpha() and single not in "aAI")
    )


def _braced(match: re.Match) -> str:
    mark, body = match[1], match[2]
    return f"{mark}{{{body}}}" if len(body) > 1 else f"{mark}{body}"


def _math(formula: str) -> str:
    """One ASCII formula as the body of ``$...$``."""
    tex = _set_braces(formula)
    tex = re.sub(r"\|\|([^|]*)\|\|", r"\\|\1\\|", tex)
    tex = re.sub(r"sqrt\(([^()]*(\([^()]*\))?[^()]*)\)", r"\\sqrt{\1}", tex)
    tex = re.sub(r"(\w)~", r"\\tilde{\1}", tex)
    tex = tex.replace("~", "\\sim ")
    for ascii_op, op in (("<=", "\\le "), (">=", "\\ge "), ("!=", "\\ne "), ("->", "\\to ")):
        tex = tex.replace(ascii_op, op)
    tex = tex.replace("+-", "\\pm ")
    tex = re.sub(r"\^T\b", "^{\\\\top}", tex)
    tex = re.sub(r"_([A-Za-z]+)\(([^()]*)\)", r"_{\1(\2)}", tex)  # x_pi(i): x_{pi(i)}
    tex = re.sub(r"\^\(([^()]*)\)", r"^{\1}", tex)
    tex = re.sub(r"([_^])([A-Za-z0-9']+)", _braced, tex)
    names = {**_FUNCTIONS, **_GREEK_TEX}
    tex = re.sub(
        r"(?<![\\A-Za-z])([A-Za-z]+)(?![A-Za-z])",
        lambda m: (names[m[1]] + " ") if m[1] in names else m[1],
        tex,
    )
    tex = tex.replace(" x ", " \\times ")
    tex = tex.replace("*", " \\cdot ")
    tex = tex.replace("%", "\\%").replace("#", "\\#").replace("&", "\\&")
    return tex.strip()


def _set_braces(formula: str) -> str:
    """In ASCII, braces group only after ``_`` or ``^`` (``grad^2_{w a_l}``); any other pair is
    a set (``{T1, T2}``) and prints as ``\\{ \\}``. Unbalanced braces are all printed."""
    out, stack = [], []
    for i, c in enumerate(formula):
        if c == "{":
            group = i > 0 and formula[i - 1] in "_^"
            stack.append(group)
            out.append("{" if group else "\\{")
        elif c == "}":
            out.append("}" if stack and stack.pop() else "\\}")
        else:
            out.append(c)
    if stack:  # unbalanced: no grouping is safe
        return formula.replace("{", "\\{").replace("}", "\\}")
    return "".join(out)


_GREEK_PREFIX = re.compile(r"^(" + "|".join(_GREEK) + r")-([A-Za-z]\w*)(.*)$")


def _depth(parts: list[str]) -> int:
    """Open square brackets and braces of a formula (a matrix such as ``[[0, C], [-C^T, 0]]``
    goes on over its commas); parentheses do not count: they also open prose asides."""
    text = "".join(parts)
    return sum(text.count(c) for c in "[{") - sum(text.count(c) for c in "]}")


def typeset(text: str, escape) -> str:
    """``text`` as LaTeX: its ASCII formulas in ``$...$`` (NOTE: [prose math]), the rest passed
    through ``escape`` (the document's text escaping).

    Examples:
        >>> print(typeset("U spans R(Gamma)^perp, not R(Gamma)^T.", str))
        $U$ spans $R(\\Gamma )^{\\perp }$, not $R(\\Gamma )^{\\top}$.
    """
    words = [w for w in re.split(r"(\s+)", text) if w]
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        spaces = []
        while run and run[-1].isspace():
            spaces.insert(0, run.pop())
        formula, tail = "".join(run), ""
        while formula and formula[-1] in _TRAILING:
            formula, tail = formula[:-1], formula[-1] + tail
        head = ""
        if formula.startswith("(") and formula.count("(") > formula.count(")"):
            head, formula = "(", formula[1:]
        if formula.endswith(")") and formula.count(")") > formula.count("("):
            formula, tail = formula[:-1], ")" + tail
        out.append(head + (f"${_math(formula)}$" if formula else "") + escape(tail))
        out.extend(spaces)
        run.clear()

    def operand_before() -> bool:
        """The last word written is a short operand (``A`` in "A = 0"): it joins the formula."""
        last = out[-2] if len(out) >= 2 and out[-1].isspace() else None
        return bool(last and re.fullmatch(r"\(?[A-Za-z]", last))

    for i, word in enumerate(words):
        if word.isspace():
            (run if run else out).append(word)
            continue
        greek = _GREEK_PREFIX.match(word)
        nxt = words[i + 2] if i + 2 < len(words) else ""
        joins = (
            word in _JOINERS
            and (run or operand_before())
            and _is_math(nxt)
            or (word in _JOINERS - {"in", "x"} and run and re.fullmatch(r"[-+]?[\d.]+\W*", nxt))
        )
        if greek and not run:
            out.append(f"${_GREEK_TEX[greek[1]]}$-{escape(greek[2] + greek[3])}")
        elif "-" in word and not _is_math(word) and set(word.split("-")) & set(_GREEK_TEX):
            flush()  # "sup-over-theta": the Greek part as math
            parts = [
                f"${_GREEK_TEX[p]}$" if p in _GREEK_TEX else escape(p) for p in word.split("-")
            ]
            out.append("-".join(parts))
        elif _is_math(word) or joins:
            if not run and word in _JOINERS and operand_before():  # "A = 0": A joins
                run.extend([out.pop(-2), out.pop()])
            run.append(word)
            if word[-1] in _TRAILING and _depth(run) <= 0:
                flush()
        elif run and _depth(run) > 0:  # inside brackets the formula goes on
            run.append(word)
        elif run and re.fullmatch(r"[-+]?[\d.]+\)?[,;:.]?", word):  # "= 0", "tau = 1"
            run.append(word)
            if word[-1] in _TRAILING:
                flush()
        else:
            flush()
            out.append(escape(word))
    flush()
    return "".join(out)
