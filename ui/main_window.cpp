#include "ui/main_window.h"

#include <QLabel>

namespace tcpviz::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("TCP Visualizer"));
    setObjectName(QStringLiteral("MainWindow"));
    auto* placeholder = new QLabel(tr("TCP Visualizer"), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(1280, 800);
}

}  // namespace tcpviz::ui
