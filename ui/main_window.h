#pragma once
#include <QMainWindow>

namespace tcpviz::ui {

// The application window: sequence diagram in the centre, docks around it.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

}  // namespace tcpviz::ui
