package io.ofql.experiments.report;

import java.awt.Dimension;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.batik.svggen.SVGIDGenerator;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Draws a JFreeChart as an SVG element to place inside an HTML page, through Batik's
 * {@link SVGGraphics2D} (a {@code Graphics2D} that records SVG instead of pixels), so the report's
 * charts are the same charts {@code ofql plot} draws, as vector graphics.
 *
 * <p>Inline SVG elements share the page's id space, and Batik names its clip paths
 * {@code clipPath1}, {@code clipPath2}, ... in every chart; each chart's ids therefore carry the
 * chart's own prefix, or every chart would be clipped by the first chart's rectangles. The element
 * gets a {@code viewBox}, so the page may scale it.
 */
final class SvgChart {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    private SvgChart() {}

    /**
     * The chart drawn at {@code width} x {@code height} user units as an {@code <svg>} element.
     *
     * @param idPrefix a prefix unique within the page, of letters, digits and hyphens
     */
    static String render(JFreeChart chart, int width, int height, String idPrefix) {
        System.setProperty("java.awt.headless", "true");
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
                    .createDocument(SVG_NS, "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML DOM implementation in this Java runtime", e);
        }
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(doc);
        context.setIDGenerator(new SVGIDGenerator() {
            @Override
            public String generateID(String prefix) {
                return super.generateID(idPrefix + "-" + prefix);
            }
        });
        context.setComment(null);
        // Text stays text (selectable, small); shapes are rounded to 2 decimals of a unit.
        context.setPrecision(2);
        SVGGraphics2D g = new SVGGraphics2D(context, false);
        g.setSVGCanvasSize(new Dimension(width, height));
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        Element root = g.getRoot();
        root.setAttribute("viewBox", String.format(Locale.ROOT, "0 0 %d %d", width, height));
        root.setAttribute("role", "img");
        StringWriter out = new StringWriter();
        try {
            g.stream(root, out, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            g.dispose();
        }
        return out.toString();
    }
}
