using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Madoguchi.Platform.Documents;

/// <summary>
/// Writes flowing Japanese text on A4 pages: a heading, label/value rows, paragraphs, with line breaks by measured
/// width (Japanese has no spaces to break at) and a new page when one is full, each page numbered in its footer.
/// </summary>
public sealed class A4Writer : IDisposable
{
    private const double Margin = 56; // about 20 mm
    private const double LabelWidth = 150;
    private readonly PdfDocument document = new();
    private readonly XFont body;
    private readonly XFont bold;
    private readonly XFont heading;
    private readonly XFont small;
    private readonly string footer;
    private PdfPage page = default!;
    private XGraphics? graphics;
    private double y;

    public A4Writer(string title, string footer)
    {
        PdfFonts.EnsureConfigured();
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        body = new XFont(PdfFonts.Family, 10.5, XFontStyleEx.Regular, options);
        bold = new XFont(PdfFonts.Family, 10.5, XFontStyleEx.Bold, options);
        heading = new XFont(PdfFonts.Family, 16, XFontStyleEx.Bold, options);
        small = new XFont(PdfFonts.Family, 8.5, XFontStyleEx.Regular, options);
        this.footer = footer;
        document.Info.Title = title;
        NewPage();
    }

    private double Width => page.Width.Point - (2 * Margin);

    private XGraphics Graphics => graphics ?? throw new InvalidOperationException("The document has been finished.");

    public void Heading(string text)
    {
        foreach (var line in Wrap(text, heading, Width))
        {
            Line(line, heading, Margin, 24);
        }

        y += 8;
    }

    /// <summary>A line set flush right (the date and the sender of an official letter).</summary>
    public void RightAligned(string text)
    {
        var width = Graphics.MeasureString(text, body).Width;
        Line(text, body, Margin + Width - Math.Min(width, Width), 16);
    }

    /// <summary>A centred title (the name of a notice).</summary>
    public void Title(string text)
    {
        y += 12;
        foreach (var line in Wrap(text, heading, Width))
        {
            var width = Graphics.MeasureString(line, heading).Width;
            Line(line, heading, Margin + ((Width - width) / 2), 24);
        }

        y += 12;
    }

    public void Paragraph(string text)
    {
        foreach (var line in Wrap(text, body, Width))
        {
            Line(line, body, Margin, 16);
        }

        y += 6;
    }

    public void Row(string label, string value)
    {
        var labelLines = Wrap(label, bold, LabelWidth - 8);
        var valueLines = Wrap(value, body, Width - LabelWidth);
        var height = Math.Max(labelLines.Count, valueLines.Count) * 16 + 6;
        if (y + height > page.Height.Point - Margin - 20)
        {
            NewPage();
        }

        var top = y;
        for (var i = 0; i < labelLines.Count; i++)
        {
            Graphics.DrawString(labelLines[i], bold, XBrushes.Black, new XPoint(Margin, top + 12 + (i * 16)));
        }

        for (var i = 0; i < valueLines.Count; i++)
        {
            Graphics.DrawString(valueLines[i], body, XBrushes.Black, new XPoint(Margin + LabelWidth, top + 12 + (i * 16)));
        }

        y = top + height;
        Graphics.DrawLine(XPens.LightGray, Margin, y - 3, Margin + Width, y - 3);
    }

    /// <summary>
    /// A row of bars (a 1D barcode, one flag per module) centred at the current line, drawn as vector rectangles so that it
    /// prints sharp at any resolution, with quiet zones of ten modules and a caption under it.
    /// </summary>
    public void Bars(bool[] modules, double moduleWidth, double height, string caption)
    {
        var needed = height + 30;
        if (y + needed > page.Height.Point - Margin - 20)
        {
            NewPage();
        }

        var x = Margin + ((Width - (modules.Length * moduleWidth)) / 2);
        y += 10 * moduleWidth > 8 ? 8 : 4;
        for (var i = 0; i < modules.Length;)
        {
            if (!modules[i])
            {
                i++;
                continue;
            }

            var start = i;
            while (i < modules.Length && modules[i])
            {
                i++;
            }

            Graphics.DrawRectangle(XBrushes.Black, x + (start * moduleWidth), y, (i - start) * moduleWidth, height);
        }

        y += height + 4;
        var width = Graphics.MeasureString(caption, small).Width;
        Graphics.DrawString(caption, small, XBrushes.Black, new XPoint(Margin + ((Width - width) / 2), y + 9));
        y += 22;
    }

    public byte[] ToBytes()
    {
        Footers();
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        graphics?.Dispose();
        document.Dispose();
    }

    private void Line(string text, XFont font, double x, double height)
    {
        if (y + height > page.Height.Point - Margin - 20)
        {
            NewPage();
        }

        Graphics.DrawString(text, font, XBrushes.Black, new XPoint(x, y + height - 4));
        y += height;
    }

    private void NewPage()
    {
        graphics?.Dispose();
        page = document.AddPage();
        page.Size = PageSize.A4;
        graphics = XGraphics.FromPdfPage(page);
        y = Margin;
    }

    /// <summary>Closes the page being written (an open content stream would be saved truncated) and numbers every page.</summary>
    private void Footers()
    {
        graphics?.Dispose();
        graphics = null;
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var g = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            var text = $"{footer}　{i + 1} / {count}";
            var width = g.MeasureString(text, small).Width;
            g.DrawString(text, small, XBrushes.Gray, new XPoint(document.Pages[i].Width.Point - Margin - width, document.Pages[i].Height.Point - Margin + 24));
        }

    }

    private const string NoLineStart = "、。，．,.）)」』】〕］}〉》・：；？！ゝゞ々ーぁぃぅぇぉっゃゅょァィゥェォッャュョ";

    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var current = new System.Text.StringBuilder();
            foreach (var c in paragraph)
            {
                current.Append(c);
                // 禁則処理: closing punctuation never starts a line; it hangs at the end of the previous one.
                if (Graphics.MeasureString(current.ToString(), font).Width > width && current.Length > 1 && !NoLineStart.Contains(c))
                {
                    current.Length--;
                    lines.Add(current.ToString());
                    current.Clear().Append(c);
                }
            }

            lines.Add(current.ToString());
        }

        return lines;
    }
}
