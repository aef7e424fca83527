// tcpviz: the GUI, or a headless command-line verb.
#include <QApplication>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QTextStream>
#include <cstdio>

#include "app/cli.h"
#include "app/version.h"
#include "ui/panels/scenario_browser.h"
#include "ui/shell/language.h"
#include "ui/shell/main_window.h"
#include "ui/session/session_model.h"
#include "ui/shell/theme.h"

using namespace tcpviz;

namespace {

// Scripts get the same output wherever they run: --lang, else the system's language, never
// the window's saved choice.
QString headlessLanguage(const app::Options& options) {
    return options.lang.isEmpty() ? ui::Language::systemDefault() : options.lang;
}

}  // namespace

int main(int argc, char** argv) {
    QStringList args;
    for (int i = 0; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);

    QTextStream out(stdout);
    QTextStream err(stderr);
    const app::ParseResult parsed = app::parseCommandLine(args);
    if (!parsed.options) {
        err << "tcpviz: " << parsed.error << "\n"
            << "tcpviz: " << QCoreApplication::translate("tcpviz::app::Cli", "try 'tcpviz --help'") << "\n";
        return app::kExitUsage;
    }
    const app::Options& options = *parsed.options;

    // Headless verbs need no window: without a display, use the offscreen platform.
    if (app::isHeadless(options) && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QCoreApplication::setApplicationName(QStringLiteral("tcpviz"));
    QCoreApplication::setOrganizationName(QStringLiteral("tcpviz"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TCPVIZ_VERSION));
    if (!app::needsGuiApplication(options)) {
        QCoreApplication application(argc, argv);
        ui::Language::setLanguage(headlessLanguage(options));
        return app::runHeadless(options, out, err);
    }

    QApplication application(argc, argv);
    if (app::isHeadless(options)) {
        ui::Language::setLanguage(headlessLanguage(options));
        return app::runHeadless(options, out, err);
    }
    // --lang, else the language chosen last time in View → Language, else the system's.
    ui::Language::setLanguage(ui::Language::startup(options.lang));
    if (const auto theme = ui::themeFromName(QSettings().value(QStringLiteral("view/theme")).toString()))
        ui::Themes::apply(*theme);

    // The scenario to open: the one named on the command line, else the one open when the
    // window last closed, else the three-way handshake. A built-in lesson opens at once; a file
    // is read and simulated in the background (it may be huge, or hostile), over the handshake.
    ui::MainWindow window;
    QString spec = options.scenario;
    const bool asked = !spec.isEmpty();
    if (spec.isEmpty() && !options.interopDemo) spec = QSettings().value(QStringLiteral("session/last")).toString();
    // The last session's file, gone since: quietly the default.
    if (spec.isEmpty() || (!asked && !ui::isBuiltinScenario(spec) && !QFileInfo::exists(spec)))
        spec = QStringLiteral("handshake");
    // A lesson of hosts simulates for up to a second: in the background too.
    const bool builtin = ui::isBuiltinScenario(spec) && !ui::isHostLesson(spec);
    QString error;
    switch (window.loadScenario(builtin ? spec : QStringLiteral("handshake"), &error)) {
        case ui::MainWindow::Opened::Yes:
            break;
        case ui::MainWindow::Opened::Unknown:
        case ui::MainWindow::Opened::Invalid:
            // Only a built-in lesson is loaded here, and they all load.
            err << "tcpviz: " << error << "\n";
            return app::kExitFailure;
    }
    const std::optional<int> step = options.step;
    if (!builtin) {
        QObject::connect(&window, &ui::MainWindow::openFinished, &window,
                         [&window, &err, step, asked](bool ok, const QString& why) {
                             // Once, for the file of the command line.
                             QObject::disconnect(&window, &ui::MainWindow::openFinished, nullptr, nullptr);
                             if (ok && step) window.session()->setCursor(*step);
                             // A file that is not there or is wrong: said on the terminal too, and
                             // the message box already said it in the window.
                             if (!ok && !why.isEmpty() && asked) {
                                 err << "tcpviz: " << why << "\n";
                                 err.flush();
                             }
                         });
        window.openInBackground(spec);
    } else if (step) {
        window.session()->setCursor(*step);
    }
    window.show();
    if (options.present) window.setPresenting(true);
    if (options.interopDemo) window.startInteropDemo();
    return QApplication::exec();
}
