#include "app/cli.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFileDevice>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <sstream>

#include "app/version.h"
#include "core/capture/capture.h"
#include "core/capture/capture_trace.h"
#include "core/capture/infer.h"
#include "core/capture/pcapng_writer.h"
#include "core/scenario/scenario.h"
#include "core/sim/apps/crypto_speed.h"
#include "core/sim/host_sim.h"
#include "core/quiz/quiz.h"
#include "core/sim/simulator.h"
#include "core/tcp/state_graph.h"
#include "core/trace/notation.h"
#include "core/trace/trace_printers.h"
#include "ui/export/export_figure.h"
#include "ui/export/exporter.h"
#include "ui/session/session_model.h"
#include "ui/shell/quiz_text.h"

namespace tcpviz::app {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("tcpviz::app::Cli", text); }
QString tr(const char* text, const char* comment, int n) {
    return QCoreApplication::translate("tcpviz::app::Cli", text, comment, n);
}

}  // namespace

ParseResult parseCommandLine(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(tr("tcpviz — watch TCP work, segment by segment (RFC 9293)."));
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  tr("Show this help and exit."));
    const QCommandLineOption version(QStringLiteral("version"), tr("Print the version and exit."));
    const QCommandLineOption list(QStringLiteral("list-scenarios"),
                                  tr("List the built-in scenarios, one per line: ID<TAB>title."));
    const QCommandLineOption printTrace(QStringLiteral("print-trace"),
                                        tr("Simulate scenario S, or read capture S (.pcap, .pcapng), and print its trace."),
                                        QStringLiteral("S"));
    const QCommandLineOption printQuiz(
        QStringLiteral("print-quiz"),
        tr("Simulate scenario S, or read capture S, and print its quiz: each question, before the step "
           "that answers it, with its choices, the right one and why (--format json for a program)."),
        QStringLiteral("S"));
    const QCommandLineOption listConnections(
        QStringLiteral("list-connections"),
        tr("Simulate scenario S, or read capture S, and list its connections, one per line: id, a's address:port, "
           "b's address:port, a's first and last state, b's first and last state, segments (tab-separated)."),
        QStringLiteral("S"));
    const QCommandLineOption connection(
        QStringLiteral("connection"),
        tr("With --print-trace or --export: only connection ID of a scenario of hosts or of a capture "
           "(--list-connections lists them)."),
        QStringLiteral("ID"));
    const QCommandLineOption hostOpt(QStringLiteral("host"),
                                     tr("With --view sockets: the host whose sockets are drawn (a name from the "
                                        "scenario's \"hosts\"; by default the one the lesson is about)."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    tr("Trace format for --print-trace: rfc, json or csv."),
                                    QStringLiteral("rfc|json|csv"), QStringLiteral("rfc"));
    const QCommandLineOption exportOpt(
        QStringLiteral("export"),
        tr("Export to OUT; the format follows the extension (png, svg, pdf, dot, txt, json, csv, pcapng for "
           "Wireshark, or log for the TLS keys that decrypt it)."),
        QStringLiteral("OUT"));
    const QCommandLineOption scenario(QStringLiteral("scenario"),
                                      tr("Scenario to export: a built-in id, a file, or a capture."),
                                      QStringLiteral("S"));
    const QCommandLineOption view(QStringLiteral("view"),
                                  tr("What to export: sequence, state, both, cwnd (the congestion window), tsg "
                                     "(the time–sequence graph), sockets (a scenario of hosts: its sockets per "
                                     "state over time) or side-by-side (a lesson's ways of making one request, "
                                     "on one time axis: handshake-rtts)."),
                                  QStringLiteral("sequence|state|both|cwnd|tsg|sockets|side-by-side"),
                                  QStringLiteral("sequence"));
    const QCommandLineOption runsOpt(QStringLiteral("runs"),
                                     tr("With --view side-by-side: the runs drawn, in this order, by their clients' "
                                        "host names, separated by commas (by default every run)."),
                                     QStringLiteral("NAMES"));
    const QCommandLineOption step(QStringLiteral("step"), tr("Export the diagram up to step N."),
                                  QStringLiteral("N"));
    const QCommandLineOption notation(
        QStringLiteral("notation"), tr("Segment labels: textbook, relative, absolute or rfc."),
        QStringLiteral("textbook|relative|absolute|rfc"), QStringLiteral("textbook"));
    const QCommandLineOption lang(QStringLiteral("lang"), tr("Language: en or zh_CN."),
                                  QStringLiteral("en|zh_CN"));
    const QCommandLineOption scale(QStringLiteral("scale"), tr("Scale of PNG exports (1 to 8)."),
                                   QStringLiteral("K"), QStringLiteral("1"));
    const QCommandLineOption present(QStringLiteral("present"),
                                     tr("Open the window in presentation mode (F5 toggles it, Esc leaves)."));
    p.addOption(present);
    const QCommandLineOption interopDemo(
        QStringLiteral("interop-demo"),
        tr("Open the window on a live connection between tcpviz's engine and this computer's Linux kernel, "
           "drawn as it happens (needs root)."));
    p.addOption(interopDemo);
    const QCommandLineOption measureCrypto(
        QStringLiteral("measure-crypto"),
        tr("Measure how fast this computer's OpenSSL does a TLS handshake's public-key work and encrypts the "
           "bytes after it, and print it (the why-symmetric-keys lesson)."));
    p.addOption(measureCrypto);
    const QCommandLineOption noLegend(QStringLiteral("no-legend"),
                                      tr("Leave the key to the marks out of a PNG, SVG or PDF export."));
    p.addOptions({help, version, list, listConnections, printTrace, printQuiz, connection, hostOpt, runsOpt, format, exportOpt, scenario, view,
                  step, notation, lang, scale, noLegend});
    p.addPositionalArgument(QStringLiteral("scenario"),
                            tr("A built-in scenario id, a scenario .json file or a capture (.pcap, .pcapng) to open."),
                            QStringLiteral("[SCENARIO|FILE]"));

    ParseResult r;
    if (!p.parse(args)) {
        r.error = p.errorText();
        return r;
    }
    Options o;
    auto oneOf = [&](const QCommandLineOption& opt, QStringList allowed) -> bool {
        const QString v = p.value(opt);
        if (allowed.contains(v)) return true;
        r.error = tr("invalid value '%1' for --%2 (expected %3)")
                      .arg(v, opt.names().constLast(), allowed.join(QStringLiteral(", ")));
        return false;
    };
    if (!oneOf(format, {QStringLiteral("rfc"), QStringLiteral("json"), QStringLiteral("csv")}) ||
        !oneOf(view, {QStringLiteral("sequence"), QStringLiteral("state"), QStringLiteral("both"),
                      QStringLiteral("cwnd"), QStringLiteral("tsg"), QStringLiteral("sockets"),
                      QStringLiteral("side-by-side")}) ||
        !oneOf(notation, {QStringLiteral("textbook"), QStringLiteral("relative"),
                          QStringLiteral("absolute"), QStringLiteral("rfc")}))
        return r;
    if (p.isSet(lang) && !oneOf(lang, {QStringLiteral("en"), QStringLiteral("zh_CN")})) return r;
    o.format = p.value(format);
    o.view = p.value(view);
    o.notation = p.value(notation);
    o.lang = p.value(lang);
    o.legend = !p.isSet(noLegend);
    bool ok = true;
    o.scale = p.value(scale).toDouble(&ok);
    if (!ok || !(o.scale >= 1.0 && o.scale <= 8.0)) {   // written so that NaN fails too
        r.error = tr("invalid value '%1' for --scale (expected a number from 1 to 8)").arg(p.value(scale));
        return r;
    }
    if (p.isSet(step)) {
        const int n = p.value(step).toInt(&ok);
        if (!ok || n < 0) {
            r.error = tr("invalid value '%1' for --step (expected a whole number from 0)").arg(p.value(step));
            return r;
        }
        o.step = n;
    }
    o.host = p.value(hostOpt);
    if (p.isSet(hostOpt) && o.view != QStringLiteral("sockets")) {
        r.error = tr("--host goes with --view sockets");
        return r;
    }
    if (p.isSet(runsOpt)) {
        if (o.view != QStringLiteral("side-by-side")) {
            r.error = tr("--runs goes with --view side-by-side");
            return r;
        }
        o.runs = p.value(runsOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString& name : o.runs) name = name.trimmed();
        if (o.runs.isEmpty()) {
            r.error = tr("invalid value '%1' for --runs (expected host names separated by commas)").arg(p.value(runsOpt));
            return r;
        }
    }
    if (p.isSet(connection)) {
        const qulonglong id = p.value(connection).toULongLong(&ok);
        if (!ok || id > 0xFFFFFFFFull) {
            r.error = tr("invalid value '%1' for --connection (expected a connection id, a whole number from 0)")
                          .arg(p.value(connection));
            return r;
        }
        o.connection = static_cast<std::uint32_t>(id);
    }

    const QStringList positional = p.positionalArguments();
    if (positional.size() > 1) {
        r.error = tr("too many arguments: %1").arg(positional.join(QLatin1Char(' ')));
        return r;
    }
    if (p.isSet(help)) {
        o.verb = Verb::Help;
        // Parsed before there is an application to name the program: Qt would say
        // "<executable_name>".
        o.helpText = p.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("tcpviz"));
    } else if (p.isSet(version)) {
        o.verb = Verb::Version;
    } else if (p.isSet(list)) {
        o.verb = Verb::ListScenarios;
    } else if (p.isSet(measureCrypto)) {
        o.verb = Verb::MeasureCrypto;
    } else if (p.isSet(listConnections)) {
        o.verb = Verb::ListConnections;
        o.scenario = p.value(listConnections);
    } else if (p.isSet(printTrace)) {
        o.verb = Verb::PrintTrace;
        o.scenario = p.value(printTrace);
    } else if (p.isSet(printQuiz)) {
        o.verb = Verb::PrintQuiz;
        o.scenario = p.value(printQuiz);
        if (o.format == QLatin1String("csv")) {
            r.error = tr("--print-quiz prints text or, with --format json, JSON");
            return r;
        }
    } else if (p.isSet(exportOpt)) {
        o.verb = Verb::Export;
        o.exportPath = p.value(exportOpt);
        o.scenario = p.isSet(scenario) ? p.value(scenario)
                     : positional.isEmpty() ? QString() : positional.first();
    } else {
        o.verb = Verb::Gui;
        if (!positional.isEmpty()) o.scenario = positional.first();
        o.present = p.isSet(present);
        o.interopDemo = p.isSet(interopDemo);
        if (o.interopDemo && !positional.isEmpty()) {
            r.error = tr("--interop-demo opens its own connection: leave out %1").arg(positional.first());
            return r;
        }
    }
    r.options = o;
    return r;
}

bool isHeadless(const Options& o) { return o.verb != Verb::Gui; }

bool needsGuiApplication(const Options& o) {
    if (o.verb == Verb::Gui) return true;
    if (o.verb != Verb::Export) return false;
    const QString ext = QFileInfo(o.exportPath).suffix().toLower();
    return ext == QLatin1String("png") || ext == QLatin1String("svg") || ext == QLatin1String("pdf");
}

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

void reportUnknownScenario(const QString& spec, QTextStream& err) {
    err << "tcpviz: "
        << tr("unknown scenario '%1': not a built-in scenario id or a file "
              "(tcpviz --list-scenarios lists the built-in ones)").arg(spec)
        << "\n";
}

// Resolves S (a built-in id or a file) or says why not; `code` receives the exit code: 2 for a
// bare word that is neither a built-in id nor on disk, 1 for a file that cannot be read or used
// (a missing "lesson.json" included). A file hidden by a built-in id of its name is noted.
std::optional<core::AnyScenario> loadAnyScenario(const QString& spec, QTextStream& err, int& code) {
    try {
        std::string note;
        auto s = core::resolveAnyScenario(spec.toStdString(), &note);
        if (!note.empty()) err << "tcpviz: " << tr("note: %1").arg(qs(note)) << "\n";
        if (s) return s;
        reportUnknownScenario(spec, err);
        code = kExitUsage;
    } catch (const core::ScenarioError& e) {
        err << "tcpviz: " << qs(e.what()) << "\n";
        code = kExitFailure;
    }
    return std::nullopt;
}

// What --print-trace and a text --export print: a two-endpoint scenario's trace, or of a
// scenario of hosts all its connections (tcpviz-trace/2) or, with --connection, one of them as
// a trace of two endpoints. Says why not, with the exit code in `code`.
// Whether --connection, if given, names one of the `count` connections of `spec`; says why not.
bool connectionExists(const QString& spec, const Options& o, std::size_t count, QTextStream& err) {
    if (!o.connection || *o.connection < count) return true;
    const std::uint32_t id = *o.connection;
    err << "tcpviz: "
        << (count == 0   ? tr("%1 makes no connection; there is no connection %2").arg(spec).arg(id)
            : count == 1 ? tr("%1 has one connection, 0; there is no connection %2").arg(spec).arg(id)
                         : tr("%1 has connections 0 to %2; there is no connection %3").arg(spec).arg(count - 1).arg(id))
        << "\n";
    return false;
}

// A capture file (by its first bytes, or its name: a .pcap or .pcapng that is not one is told
// so by libpcap).
bool isCapture(const QString& spec) { return core::isCapturePath(spec.toStdString()); }

// The capture `spec`, read, when it has a connection and --connection names one of them; else
// why not, with the exit code in `code`.
std::optional<core::Capture> openCapture(const QString& spec, const Options& o, QTextStream& err, int& code) {
    try {
        core::Capture capture = core::readCapture(spec.toStdString());
        if (capture.connections.empty()) {
            err << "tcpviz: " << tr("%1: no TCP connection in its %2 packets").arg(spec).arg(capture.packets) << "\n";
            code = kExitFailure;
            return std::nullopt;
        }
        if (!connectionExists(spec, o, capture.connections.size(), err)) {
            code = kExitUsage;
            return std::nullopt;
        }
        return capture;
    } catch (const core::CaptureError& e) {
        err << "tcpviz: " << qs(e.what()) << "\n";
        code = kExitFailure;
    }
    return std::nullopt;
}

// The trace of one connection of a capture (--connection, else the first), or why not.
std::optional<core::Trace> captureTrace(const QString& spec, const Options& o, QTextStream& err, int& code) {
    const auto capture = openCapture(spec, o, err, code);
    if (!capture) return std::nullopt;
    try {
        return core::traceOfCapture(*capture, o.connection.value_or(0));
    } catch (const core::CaptureError& e) {
        err << "tcpviz: " << qs(e.what()) << "\n";
        code = kExitFailure;
    }
    return std::nullopt;
}

struct Traced {
    core::Trace trace;
    std::uint64_t max_events = core::kMaxEventsLimit;   // a scenario of hosts has no event limit
};
std::optional<Traced> traceFor(const QString& spec, const Options& o, const QString& format, QTextStream& err,
                               int& code) {
    if (isCapture(spec)) {
        auto trace = captureTrace(spec, o, err, code);
        if (!trace) return std::nullopt;
        return Traced{std::move(*trace)};
    }
    auto any = loadAnyScenario(spec, err, code);
    if (!any) return std::nullopt;
    if (auto* s = std::get_if<core::Scenario>(&*any)) {
        if (!connectionExists(spec, o, 1, err)) {
            code = kExitUsage;
            return std::nullopt;
        }
        return Traced{core::simulate(*s), s->max_events};
    }
    const auto& hosts = std::get<core::HostScenario>(*any);
    if (!o.connection && format == QLatin1String("rfc")) {
        err << "tcpviz: "
            << tr("%1 is a scenario of hosts with many connections: choose one with --connection ID "
                  "(tcpviz --list-connections %1 lists them), or print them all with --format json or csv")
                   .arg(spec)
            << "\n";
        code = kExitUsage;
        return std::nullopt;
    }
    core::HostRecording recording;
    if (o.connection) recording = {core::HostRecording::Mode::One, *o.connection};
    // A quiz is of the connection the window shows first.
    else if (format == QLatin1String("quiz")) recording.mode = core::HostRecording::Mode::FirstClient;
    else recording.mode = core::HostRecording::Mode::All;
    core::HostOutcome outcome = core::simulateHosts(hosts, recording);
    if (!connectionExists(spec, o, outcome.connections.size(), err)) {
        code = kExitUsage;
        return std::nullopt;
    }
    return Traced{std::move(outcome.trace)};
}


// The printer of a --format: json, csv, or the RFC 9293 notation.
using Printer = bool (*)(const core::Trace&, const core::TextSink&);
Printer printerFor(const QString& format) {
    if (format == QLatin1String("json")) return core::writeTraceJson;
    if (format == QLatin1String("csv")) return core::writeTraceCsv;
    return core::writeTraceRfc;
}

std::string traceText(const core::Trace& trace, const QString& format) {
    std::string text;
    printerFor(format)(trace, [&text](std::string_view piece) {
        text.append(piece);
        return true;
    });
    return text;
}

// Writes all of `bytes` to `path` or nothing (ui::writeFile, as the window saves): on failure
// the file that was there keeps its bytes.
bool writeAtomically(const QString& path, QByteArrayView bytes, QTextStream& err) {
    QString error;
    if (!ui::writeFile(path, bytes, &error)) {
        err << "tcpviz: " << error << "\n";
        return false;
    }
    return true;
}

int listScenarios(const Options& o, QTextStream& out, QTextStream& err) {
    const std::string lang = o.lang.isEmpty() ? "en" : o.lang.toStdString();
    for (const auto& builtin : core::builtinScenarios()) {
        try {
            const core::AnyScenario s = core::parseAnyScenario(builtin.json, "builtin:" + builtin.id);
            const core::LocalizedText& title = std::visit([](const auto& any) -> const core::LocalizedText& { return any.title; }, s);
            out << qs(builtin.id) << "\t" << qs(title.in(lang)) << "\n";
        } catch (const core::ScenarioError& e) {
            err << "tcpviz: " << qs(e.what()) << "\n";
            return kExitFailure;
        }
    }
    return kExitOk;
}

// A run that stopped at its event limit is not the whole lesson: said on stderr, and the exit
// status is 1, although what was simulated is printed or exported. The limit named is the
// scenario's (the trace may hold a few events more: the last input's are all recorded).
bool reportLimit(const core::Trace& t, std::uint64_t max_events, const QString& spec, QTextStream& err) {
    if (t.end.reason != core::EndReason::Limit) return false;
    const double ms = static_cast<double>(t.end.time) / 1000.0;
    if (max_events < core::kMaxEventsLimit)
        err << "tcpviz: " << tr("%1: the simulation stopped at its limit of %2 events, at %3 ms of simulated time; "
                                "what followed was not simulated (raise \"max_events\", up to %4, to see more)")
                                 .arg(spec)
                                 .arg(max_events)
                                 .arg(ms)
                                 .arg(core::kMaxEventsLimit)
            << "\n";
    else
        err << "tcpviz: " << tr("%1: the simulation stopped at its limit of %2 events, at %3 ms of simulated time; "
                                "what followed was not simulated (no scenario may set \"max_events\" higher)")
                                 .arg(spec)
                                 .arg(max_events)
                                 .arg(ms)
            << "\n";
    return true;
}

QString endText(const core::SocketAddress& a) { return qs(core::ipv4ToString(a.address)) + QLatin1Char(':') + QString::number(a.port); }

// One line per connection, tab-separated: id, a and b as address:port, a's first and last
// state, b's first and last state, segments. `a` sent the first SYN. Of a capture, each side's
// inferred first and last state.
int listCaptureConnections(const QString& spec, QTextStream& out, QTextStream& err) {
    core::Capture c;
    try {
        c = core::readCapture(spec.toStdString());
    } catch (const core::CaptureError& e) {
        err << "tcpviz: " << QString::fromStdString(e.what()) << "\n";
        return kExitFailure;
    }
    for (const core::CapturedConnection& conn : c.connections) {
        const core::InferredStates s = core::inferStates(c, conn.id);
        const auto name = [](core::State st) { return qs(std::string(core::stateName(st))); };
        out << conn.id << '\t' << qs(core::captureEndText(conn.a)) << '\t' << qs(core::captureEndText(conn.b)) << '\t'
            << name(s.initial[0]) << '\t' << name(s.last(0)) << '\t' << name(s.initial[1]) << '\t' << name(s.last(1)) << '\t'
            << conn.segments << '\n';
    }
    return kExitOk;
}

int listConnections(const Options& o, QTextStream& out, QTextStream& err) {
    if (isCapture(o.scenario)) return listCaptureConnections(o.scenario, out, err);
    int code = kExitOk;
    auto any = loadAnyScenario(o.scenario, err, code);
    if (!any) return code;
    std::vector<core::ConnectionSummary> list;
    if (auto* s = std::get_if<core::Scenario>(&*any)) {
        const core::Trace t = core::simulate(*s);
        core::ConnectionSummary c;
        const auto end = [&](core::Side side) {
            const core::EndpointInfo& e = t.endpoints[core::idx(side)];
            return core::SocketAddress{e.address, e.port};
        };
        // `a` is whoever sent the first SYN (in a simultaneous open, the first of the two).
        core::Side a = core::Side::A;
        for (const core::SegmentRecord& r : t.segments)
            if (r.segment.has(core::kSyn) && !r.segment.has(core::kAck)) {
                a = r.from;
                break;
            }
        const core::Side b = core::peerOf(a);
        const auto last = t.statesAfter(t.events.size());
        c.a = end(a);
        c.b = end(b);
        c.a_first = t.initial_states[core::idx(a)];
        c.b_first = t.initial_states[core::idx(b)];
        c.a_last = last[core::idx(a)];
        c.b_last = last[core::idx(b)];
        c.segments = t.segments.size();
        list.push_back(c);
    } else {
        list = core::simulateHosts(std::get<core::HostScenario>(*any)).connections;
    }
    for (const core::ConnectionSummary& c : list) {
        out << c.id << '\t' << endText(c.a) << '\t' << endText(c.b) << '\t' << qs(std::string(core::stateName(c.a_first)))
            << '\t' << qs(std::string(core::stateName(c.a_last))) << '\t' << qs(std::string(core::stateName(c.b_first)))
            << '\t' << qs(std::string(core::stateName(c.b_last))) << '\t' << c.segments << '\n';
    }
    return kExitOk;
}

int printTrace(const Options& o, QTextStream& out, QTextStream& err) {
    int code = kExitOk;
    auto traced = traceFor(o.scenario, o, o.format, err, code);
    if (!traced) return code;
    const core::Trace& trace = traced->trace;
    const int done = reportLimit(trace, traced->max_events, o.scenario, err) ? kExitFailure : kExitOk;
    // The text is UTF-8 already: written as it is printed, a few hundred KiB at a time, not
    // through a QString and back (which would take longer than the simulation of a long
    // transfer), and never whole in memory.
    QIODevice* device = out.device();
    if (!device) {
        out << qs(traceText(trace, o.format));
        return done;
    }
    out.flush();
    auto* file = qobject_cast<QFileDevice*>(device);
    const core::TextSink sink = [device](std::string_view piece) {
        return device->write(piece.data(), static_cast<qint64>(piece.size())) == static_cast<qint64>(piece.size());
    };
    if (!printerFor(o.format)(trace, sink) || (file && !file->flush())) {
        err << "tcpviz: " << tr("cannot write the trace: %1").arg(device->errorString()) << "\n";
        return kExitFailure;
    }
    return done;
}

// PNG, SVG or PDF of the sequence diagram, the state diagram, both, or one of the plots, drawn
// by the same scenes and plots as the window (ui/export/exporter.h), at the end of the trace or
// at --step N.
int exportImage(const Options& o, QTextStream& err) {
    // Resolved as the text exports are, with the same messages and exit codes.
    int code = kExitOk;
    const QString spec = o.scenario.isEmpty() ? QStringLiteral("handshake") : o.scenario;
    ui::SessionModel model;
    bool limited = false;
    std::optional<core::AnyScenario> any;
    if (isCapture(spec)) {
        // A capture: its connection of --connection, else its first, as it was captured.
        auto capture = openCapture(spec, o, err, code);
        if (!capture) return code;
        try {
            model.setCapture(std::move(*capture), o.connection.value_or(0));
        } catch (const core::CaptureError& e) {
            err << "tcpviz: " << qs(e.what()) << "\n";
            return kExitFailure;
        }
    } else if (any = loadAnyScenario(spec, err, code); !any) {
        return code;
    } else if (auto* hosts = std::get_if<core::HostScenario>(&*any)) {
        // Simulated here, as --print-trace does (the simulator throws only for an address that
        // the reader has already refused). A lesson of hosts shows its first client connection,
        // or the one of --connection.
        model.setHostScenario(std::move(*hosts));
        if (!connectionExists(spec, o, model.hosts()->outcome.connections.size(), err)) return kExitUsage;
        if (o.connection) {
            QEventLoop wait;
            QObject::connect(&model, &ui::SessionModel::connectionChanged, &wait, &QEventLoop::quit);
            model.showConnection(*o.connection);
            if (model.isSwitchingConnection()) wait.exec();
        }
    } else {
        if (!connectionExists(spec, o, 1, err)) return kExitUsage;
        model.setScenario(std::move(std::get<core::Scenario>(*any)));
        limited = reportLimit(model.trace(), model.scenario().max_events, spec, err);
    }
    QString error;
    const int cursor = o.step ? std::min(*o.step, model.stepCount()) : model.stepCount();
    const ui::FigureView view = ui::figureViewFromName(o.view).value_or(ui::FigureView::Both);
    if (const QString no = ui::ExportScenes::refusal(model, cursor, view); !no.isEmpty()) {
        err << "tcpviz: " << tr("cannot export '%1': %2").arg(o.exportPath, no) << "\n";
        return kExitFailure;
    }
    // The same scenes, set up the same way, as File → Export… in the window.
    ui::FigureStyle style{.notation = *core::notationFromName(o.notation.toStdString())};
    if (!o.host.isEmpty()) {
        const auto id = model.hosts() ? model.hosts()->scenario.run.hostNamed(o.host.toStdString()) : std::nullopt;
        if (!id) {
            QStringList names;
            if (model.hosts())
                for (const core::HostSpec& h : model.hosts()->scenario.run.hosts) names << QString::fromStdString(h.info.name);
            err << "tcpviz: "
                << (names.isEmpty() ? tr("%1 has no hosts: --host is for a scenario of hosts").arg(spec)
                                    : tr("no host '%1' in %2; its hosts: %3").arg(o.host, spec, names.join(QStringLiteral(", "))))
                << "\n";
            return kExitUsage;
        }
        style.host = *id;
    }
    if (!o.runs.isEmpty()) {
        // Every name a run's: a misspelt one is a usage error naming those there are.
        QStringList names;
        if (model.hosts())
            for (const core::ComparedRun& run : model.hosts()->runs)
                names << QString::fromStdString(run.name);
        for (const QString& name : o.runs) {
            if (!names.contains(name)) {
                err << "tcpviz: " << tr("no run '%1' in %2; its runs: %3").arg(name, spec, names.join(QStringLiteral(", ")))
                    << "\n";
                return kExitUsage;
            }
            style.runs.push_back(name.toStdString());
        }
    }
    ui::ExportScenes scenes(model, cursor, style);
    const ui::Figure figure = scenes.figure(view, true, o.legend);
    const ui::ImageFormat format = *ui::imageFormatForPath(o.exportPath);
    if (!ui::exportFigure(figure, format, o.exportPath, {.scale = o.scale}, &error)) {
        err << "tcpviz: " << error << "\n";
        return kExitFailure;
    }
    return limited ? kExitFailure : kExitOk;
}

// A simulated trace as a pcapng capture for Wireshark: every connection of a scenario of hosts,
// unless --connection names one.
int exportPcapng(const Options& o, QTextStream& err) {
    const QString spec = o.scenario.isEmpty() ? QStringLiteral("handshake") : o.scenario;
    if (isCapture(spec)) {
        err << "tcpviz: " << tr("cannot export '%1': %2 is a capture already; open it in Wireshark as it is")
                                 .arg(o.exportPath, spec)
            << "\n";
        return kExitUsage;
    }
    int code = kExitOk;
    const auto traced = traceFor(spec, o, QStringLiteral("json"), err, code);
    if (!traced) return code;
    const bool limited = reportLimit(traced->trace, traced->max_events, spec, err);
    try {
        core::writePcapng(traced->trace, o.exportPath.toStdString());
    } catch (const std::exception& e) {
        err << "tcpviz: " << qs(e.what()) << "\n";
        return kExitFailure;
    }
    return limited ? kExitFailure : kExitOk;
}

// The TLS secrets of a lesson's connections, as an SSLKEYLOGFILE for Wireshark (Edit →
// Preferences → Protocols → TLS → (Pre)-Master-Secret log filename). A pcapng export carries
// them already.
int exportKeyLog(const Options& o, QTextStream& err) {
    const QString spec = o.scenario.isEmpty() ? QStringLiteral("handshake") : o.scenario;
    int code = kExitOk;
    const auto traced = traceFor(spec, o, QStringLiteral("json"), err, code);
    if (!traced) return code;
    if (traced->trace.key_log.empty()) {
        err << "tcpviz: " << tr("cannot export '%1': %2 speaks no TLS, so it has no keys to log").arg(o.exportPath, spec)
            << "\n";
        return kExitFailure;
    }
    return writeAtomically(o.exportPath, QByteArray::fromStdString(core::keyLogOf(traced->trace)), err) ? kExitOk
                                                                                                      : kExitFailure;
}

int exportFile(const Options& o, QTextStream& err) {
    const QString ext = QFileInfo(o.exportPath).suffix().toLower();
    const QStringList text = {QStringLiteral("txt"), QStringLiteral("json"), QStringLiteral("csv")};
    const QStringList images = {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")};
    if (ext == QLatin1String("dot")) {
        // The RFC 9293 state diagram as Graphviz.
        std::ostringstream dot;
        core::StateGraph::rfc9293().writeDot(dot, core::StateGraph::DotDetail::Figure5AndNotes);
        return writeAtomically(o.exportPath, QByteArray::fromStdString(dot.str()), err) ? kExitOk : kExitFailure;
    }
    if (images.contains(ext)) return exportImage(o, err);
    if (ext == QLatin1String("pcapng")) return exportPcapng(o, err);
    if (ext == QLatin1String("log")) return exportKeyLog(o, err);
    if (!text.contains(ext)) {
        err << "tcpviz: " << tr("cannot export '%1': unknown extension (use png, svg, pdf, dot, txt, json, csv, pcapng or log)")
                                 .arg(o.exportPath)
            << "\n";
        return kExitUsage;
    }
    int code = kExitOk;
    const QString spec = o.scenario.isEmpty() ? QStringLiteral("handshake") : o.scenario;
    const QString format = ext == QLatin1String("txt") ? QStringLiteral("rfc") : ext;
    const auto traced = traceFor(spec, o, format, err, code);
    if (!traced) return code;
    const bool limited = reportLimit(traced->trace, traced->max_events, spec, err);
    const std::string bytes = traceText(traced->trace, format);
    return writeAtomically(o.exportPath, QByteArray::fromStdString(bytes), err) && !limited ? kExitOk : kExitFailure;
}

// --measure-crypto: each operation for 300 ms, on one core.
int measureCryptoSpeed(QTextStream& out) {
    const core::CryptoSpeed s = core::measureCryptoSpeed(std::chrono::milliseconds(300));
    const QLocale locale;
    const auto perS = [&](double n) { return tr("%1 a second").arg(locale.toString(n, 'f', 0)); };
    const auto each = [&](double n) { return tr("%1 µs each").arg(locale.toString(1e6 / n, 'f', 1)); };
    // Columns by what a terminal shows: a Chinese character takes two cells.
    const auto padded = [](const QString& text, int cells) {
        int width = 0;
        for (const QChar c : text) {
            const char16_t u = c.unicode();
            width += (u >= 0x2E80 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF) || (u >= 0xFF00 && u <= 0xFF60) ? 2 : 1;
        }
        return text + QString(std::max(0, cells - width), QLatin1Char(' '));
    };
    const auto row = [&](const QString& what, const QString& rate, const QString& time) {
        out << "  " << padded(what, 44) << "  " << padded(rate, 18) << "  " << time << "\n";
    };
    out << tr("%1 on this computer, one core:").arg(QString::fromStdString(s.library)) << "\n";
    const double record = s.aes_gcm_bytes_per_s / core::CryptoOperations::kRecordBytes;
    row(tr("AES-256-GCM, every byte after the handshake"),
        tr("%1 MB a second").arg(locale.toString(s.aes_gcm_bytes_per_s / 1e6, 'f', 0)),
        tr("%1 µs a 16 KiB record").arg(locale.toString(1e6 / record, 'f', 1)));
    row(tr("X25519 key agreement, once a handshake"), perS(s.x25519_per_s), each(s.x25519_per_s));
    row(tr("Ed25519 signature, the server's"), perS(s.ed25519_sign_per_s), each(s.ed25519_sign_per_s));
    row(tr("Ed25519 verification, the client's"), perS(s.ed25519_verify_per_s), each(s.ed25519_verify_per_s));
    row(tr("RSA-2048 signature"), perS(s.rsa2048_sign_per_s), each(s.rsa2048_sign_per_s));
    row(tr("RSA-2048 decryption of %1 bytes").arg(core::CryptoSpeed::kRsaOaepBytes), perS(s.rsa2048_decrypt_per_s),
        each(s.rsa2048_decrypt_per_s));
    out << tr("Decrypting everything with RSA-2048 would be %1 times slower than AES-256-GCM: %2 MB a second.")
               .arg(locale.toString(s.aes_gcm_bytes_per_s / s.rsaDecryptBytesPerS(), 'f', 0),
                    locale.toString(s.rsaDecryptBytesPerS() / 1e6, 'f', 2))
        << "\n";
    return kExitOk;
}

// The quiz of a lesson, a scenario file or a capture (issue 19): as text for a teacher to read,
// or as JSON (tcpviz-quiz/1) for a program, in the language of --lang.
int printQuizOf(const Options& o, QTextStream& out, QTextStream& err) {
    int code = kExitOk;
    auto traced = traceFor(o.scenario, o, QStringLiteral("quiz"), err, code);
    if (!traced) return code;
    const core::Trace& t = traced->trace;
    const core::Steps steps(t, core::StepGranularity::Segment);
    const core::SegmentLabeler labeler(t);
    const std::vector<core::Question> quiz = core::quizOf(t, steps, labeler);
    const QString id = t.scenario_id.empty() ? o.scenario : qs(t.scenario_id);
    if (o.format == QLatin1String("json")) {
        QJsonArray questions;
        for (const core::Question& q : quiz) {
            QJsonObject j;
            j[QStringLiteral("step")] = static_cast<qint64>(q.step);
            j[QStringLiteral("cursor")] = static_cast<qint64>(q.cursor);
            j[QStringLiteral("kind")] = qs(std::string(core::questionKindName(q.kind)));
            j[QStringLiteral("side")] = q.side == core::Side::A ? QStringLiteral("A") : QStringLiteral("B");
            j[QStringLiteral("event")] = static_cast<qint64>(q.event);
            if (q.segment) j[QStringLiteral("segment")] = static_cast<qint64>(q.segment);
            j[QStringLiteral("question")] = ui::QuizText::prompt(t, q);
            j[QStringLiteral("choices")] = QJsonArray::fromStringList(ui::QuizText::choices(q));
            j[QStringLiteral("answer")] = static_cast<qint64>(q.answer);
            j[QStringLiteral("explanation")] = ui::QuizText::explanation(t, q);
            j[QStringLiteral("rfc")] = qs(q.rfc);
            questions.append(j);
        }
        QJsonObject doc;
        doc[QStringLiteral("format")] = QStringLiteral("tcpviz-quiz/1");
        doc[QStringLiteral("scenario")] = QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("title"), qs(t.scenario_title)}};
        doc[QStringLiteral("questions")] = questions;
        out << QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Indented));
        return kExitOk;
    }
    out << tr("%1: %n question(s)", nullptr, static_cast<int>(quiz.size())).arg(id) << "\n";
    int n = 0;
    for (const core::Question& q : quiz) {
        out << "\n" << ++n << ". " << tr("Before step %1: %2").arg(q.step).arg(ui::QuizText::prompt(t, q)) << "\n";
        const QStringList choices = ui::QuizText::choices(q);
        for (int i = 0; i < choices.size(); ++i) out << "   " << QChar(u'a' + i) << ") " << choices[i] << "\n";
        out << "   " << tr("Answer: %1. %2").arg(QChar(u'a' + static_cast<int>(q.answer))).arg(ui::QuizText::explanation(t, q)) << "\n";
    }
    return kExitOk;
}

int runVerb(const Options& o, QTextStream& out, QTextStream& err) {
    switch (o.verb) {
        case Verb::Help:
            out << o.helpText;
            return kExitOk;
        case Verb::Version:
            out << "tcpviz " << TCPVIZ_VERSION << "\n";
            return kExitOk;
        case Verb::ListScenarios:
            return listScenarios(o, out, err);
        case Verb::ListConnections:
            return listConnections(o, out, err);
        case Verb::PrintTrace:
            return printTrace(o, out, err);
        case Verb::PrintQuiz:
            return printQuizOf(o, out, err);
        case Verb::Export:
            return exportFile(o, err);
        case Verb::MeasureCrypto:
            return measureCryptoSpeed(out);
        case Verb::Gui:
            break;
    }
    return kExitUsage;
}

}  // namespace

int runHeadless(const Options& o, QTextStream& out, QTextStream& err) {
    try {
        return runVerb(o, out, err);
    } catch (const std::bad_alloc&) {
        // Bounded by max_events, a run fits in memory; a machine with less than that left says so
        // rather than dying of a signal.
        err << "tcpviz: " << tr("out of memory: the machine has too little free memory for this scenario") << "\n";
        return kExitFailure;
    }
}


}  // namespace tcpviz::app
