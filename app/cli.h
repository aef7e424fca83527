#pragma once
// The command line of tcpviz (see DESIGN.md, "Interfaces that other tools rely on").
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>

class QTextStream;

namespace tcpviz::app {

enum class Verb { Gui, ListScenarios, ListConnections, PrintTrace, PrintQuiz, Export, MeasureCrypto, Version, Help };

struct Options {
    Verb verb = Verb::Gui;
    QString scenario;      // built-in id or file; GUI positional, --print-trace S, --scenario S
    QString format = QStringLiteral("rfc");   // --format for --print-trace
    QString exportPath;    // --export OUT
    QString view = QStringLiteral("sequence");
    std::optional<int> step;
    std::optional<std::uint32_t> connection;   // --connection ID: one connection of a scenario of hosts
    QString host;          // --host NAME: the host of --view sockets
    QStringList runs;      // --runs A,B: the runs of --view side-by-side
    QString notation = QStringLiteral("textbook");
    QString lang;          // empty: the system's
    double scale = 1.0;
    bool legend = true;    // the key under an image export; --no-legend leaves it out
    bool present = false;  // GUI: start in presentation mode
    bool interopDemo = false;   // GUI: --interop-demo, a live connection with the kernel
    QString helpText;      // filled for Verb::Help
};

// Exit codes (DESIGN.md): success, failure (unreadable or invalid file), usage error.
enum ExitCode : int { kExitOk = 0, kExitFailure = 1, kExitUsage = 2 };

struct ParseResult {
    std::optional<Options> options;
    QString error;         // when options is empty: what was wrong, for stderr
};

// Parses arguments (args[0] is the program). Needs no QCoreApplication.
ParseResult parseCommandLine(const QStringList& args);

// True when the verb draws nothing on screen: it runs on the offscreen platform when no
// display is available.
bool isHeadless(const Options& o);
// True when the verb renders with Qt GUI classes (the window, or an image export); the other
// verbs need only a QCoreApplication.
bool needsGuiApplication(const Options& o);

// Runs a headless verb; returns the exit code. Output to `out`, messages to `err`.
int runHeadless(const Options& o, QTextStream& out, QTextStream& err);

}  // namespace tcpviz::app
