// tcpviz: the GUI, or a headless command-line verb.
#include <QApplication>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QTextStream>
#include <cstdio>

#include "app/cli.h"
#include "app/version.h"
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
    // window last closed, else the three-way handshake.
    ui::MainWindow window;
    QString spec = options.scenario;
    if (spec.isEmpty()) {
        spec = QSettings().value(QStringLiteral("session/last")).toString();
        if (spec.isEmpty() || window.loadScenario(spec, nullptr) != ui::MainWindow::Opened::Yes)
            spec = QStringLiteral("handshake");
        else
            spec.clear();   // already open
    }
    QString error;
    switch (spec.isEmpty() ? ui::MainWindow::Opened::Yes : window.loadScenario(spec, &error)) {
        case ui::MainWindow::Opened::Yes:
            break;
        case ui::MainWindow::Opened::Unknown:
            // A usage error, said as the headless verbs say it.
            err << "tcpviz: "
                << QCoreApplication::translate("tcpviz::app::Cli",
                                               "unknown scenario '%1': not a built-in scenario id or a file "
                                               "(tcpviz --list-scenarios lists the built-in ones)")
                       .arg(spec)
                << "\n";
            return app::kExitUsage;
        case ui::MainWindow::Opened::Invalid:
            // A file that is there but wrong: say what and where, then show the default.
            err << "tcpviz: " << error << "\n";
            err.flush();
            QMessageBox::critical(nullptr, ui::MainWindow::tr("Cannot open the scenario"), error);
            window.loadScenario(QStringLiteral("handshake"), nullptr);
            break;
    }
    // The window opens where the command line asks: at a step, presenting.
    if (options.step) window.session()->setCursor(*options.step);
    window.show();
    if (options.present) window.setPresenting(true);
    return QApplication::exec();
}
