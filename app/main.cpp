// tcpviz: the GUI, or a headless command-line verb.
#include <QApplication>
#include <QTextStream>
#include <cstdio>

#include "app/cli.h"
#include "app/version.h"
#include "ui/main_window.h"

using namespace tcpviz;

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
        return app::runHeadless(options, out, err);
    }

    QApplication application(argc, argv);
    if (app::isHeadless(options)) return app::runHeadless(options, out, err);

    ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
