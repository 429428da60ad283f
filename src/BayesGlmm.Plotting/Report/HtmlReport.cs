// A self-contained HTML report: text, tables and inline SVG plots, no external files or scripts.
using System.Net;
using System.Text;

namespace BayesGlmm.Plotting.Report;

/// <summary>
/// Builds one self-contained HTML file: headings, paragraphs, preformatted blocks, tables and plots with
/// their SVG embedded inline, styled by an inline stylesheet. Saved through a temporary file.
/// </summary>
public sealed class HtmlReport
{
    private readonly StringBuilder _body = new();
    private readonly string _title;

    /// <summary>Starts a report with a page title.</summary>
    public HtmlReport(string title)
    {
        _title = title;
        _body.Append("<h1>").Append(Encode(title)).AppendLine("</h1>");
    }

    private HtmlReport()
    {
        _title = "";
    }

    /// <summary>
    /// A part of a report with no page title, written on its own (by work that runs beside the rest of the report) and
    /// added to a report with <see cref="Append"/>.
    /// </summary>
    public static HtmlReport Part() => new();

    /// <summary>Adds the content of <paramref name="part"/> (see <see cref="Part"/>) at this point.</summary>
    public HtmlReport Append(HtmlReport part)
    {
        ArgumentNullException.ThrowIfNull(part);
        _body.Append(part._body);
        return this;
    }

    /// <summary>Adds a section heading.</summary>
    public HtmlReport Heading(string text)
    {
        _body.Append("<h2>").Append(Encode(text)).AppendLine("</h2>");
        return this;
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public HtmlReport Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(Encode(text)).AppendLine("</p>");
        return this;
    }

    /// <summary>Adds a list of warnings (nothing when empty).</summary>
    public HtmlReport Warnings(IEnumerable<string> warnings)
    {
        var list = warnings.ToList();
        if (list.Count == 0) return this;
        _body.AppendLine("<ul class=\"warnings\">");
        foreach (string w in list) _body.Append("<li>").Append(Encode(w)).AppendLine("</li>");
        _body.AppendLine("</ul>");
        return this;
    }

    /// <summary>Adds preformatted text (a formula, a printed summary).</summary>
    public HtmlReport Preformatted(string text)
    {
        _body.Append("<pre>").Append(Encode(text)).AppendLine("</pre>");
        return this;
    }

    /// <summary>Adds a table; cells that parse as numbers are right-aligned.</summary>
    public HtmlReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.AppendLine("<div class=\"table\"><table>");
        _body.Append("<thead><tr>");
        foreach (string h in header) _body.Append("<th>").Append(Encode(h)).Append("</th>");
        _body.AppendLine("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (string cell in row)
            {
                bool numeric = double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
                _body.Append(numeric ? "<td class=\"num\">" : "<td>").Append(Encode(cell)).Append("</td>");
            }
            _body.AppendLine("</tr>");
        }
        _body.AppendLine("</tbody></table></div>");
        return this;
    }

    /// <summary>Adds a collapsed section (HTML details, no script) whose content <paramref name="content"/> writes.</summary>
    public HtmlReport Collapsed(string summary, Action<HtmlReport> content)
    {
        _body.Append("<details><summary>").Append(Encode(summary)).AppendLine("</summary>");
        content(this);
        _body.AppendLine("</details>");
        return this;
    }

    /// <summary>Embeds an SVG document inline, with a caption.</summary>
    public HtmlReport Svg(string svgDocument, string caption)
    {
        string svg = svgDocument;
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start > 0) svg = svg[start..];
        _body.AppendLine("<figure>").AppendLine(svg);
        _body.Append("<figcaption>").Append(Encode(caption)).AppendLine("</figcaption></figure>");
        return this;
    }

    /// <summary>Embeds the SVG file at <paramref name="path"/> inline.</summary>
    public HtmlReport SvgFile(string path, string caption) => Svg(File.ReadAllText(path), caption);

    /// <summary>The complete HTML document.</summary>
    public override string ToString()
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<title>").Append(Encode(_title)).AppendLine("</title>");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine("<style>").AppendLine(Style).AppendLine("</style></head><body><main>");
        html.Append(_body);
        html.AppendLine("</main></body></html>");
        return html.ToString();
    }

    /// <summary>Writes the report to <paramref name="path"/> through a temporary file.</summary>
    public void Save(string path)
    {
        string? dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, ToString(), new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; background: #fafafa; margin: 0; }
        main { max-width: 980px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
        h1 { font-size: 1.7em; border-bottom: 2px solid #011f4b; padding-bottom: 6px; }
        h2 { font-size: 1.25em; margin-top: 2em; color: #011f4b; }
        pre { background: #f3f5f8; padding: 12px; overflow-x: auto; font-size: 0.85em; }
        .table { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 0.85em; margin: 8px 0; }
        th, td { padding: 3px 10px; border-bottom: 1px solid #e3e3e3; text-align: left; white-space: nowrap; }
        th { background: #eef2f7; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        ul.warnings li { color: #9b1c1c; margin: 4px 0; }
        p.ok { color: #1c6b2c; }
        figure { margin: 16px 0; }
        figure svg { max-width: 100%; height: auto; }
        figcaption { font-size: 0.85em; color: #555; }
        details { margin: 8px 0; }
        summary { cursor: pointer; color: #011f4b; }
        """;
}
