@echo off
rem chiiki_lab {{version}} offline installer (Windows, Python {{python}}). Needs no network.
rem Creates venv next to this file and installs only from the wheels folder.
rem Another Python: set PYTHON="C:\path\to\python.exe" before running this file.
setlocal
set "HERE=%~dp0"
set "VENV=%HERE%venv"
if defined PYTHON goto check
set PYTHON=py -{{python}}-64
%PYTHON% -c "import sys" >nul 2>&1 && goto check
set PYTHON=python
:check
%PYTHON% -c "import sys; sys.exit(sys.version_info[:2] != ({{python_tuple}}) or sys.maxsize < 2**32)" >nul 2>&1
if errorlevel 1 goto nopython

echo [1/4] 仮想環境を作成しています: %VENV%
%PYTHON% -m venv "%VENV%"
if errorlevel 1 goto fail
echo [2/4] パッケージをインストールしています（ネットワークは使いません）…
"%VENV%\Scripts\python.exe" -m pip install --disable-pip-version-check --no-index --find-links "%HERE%wheels" chiiki-lab
if errorlevel 1 goto fail
echo [3/4] JupyterLab をオフライン用に設定しています…
"%VENV%\Scripts\python.exe" -c "from chiiki_lab.lab import install_jupyter_settings; install_jupyter_settings()"
if errorlevel 1 goto fail
echo [4/4] 動作確認（chiiki-lab doctor）…
"%VENV%\Scripts\chiiki-lab.exe" doctor
if errorlevel 1 goto fail
echo.
echo 完了しました。start.bat をダブルクリックすると教材が開きます。
pause
exit /b 0

:nopython
echo エラー: Python {{python}} が見つかりません。この一式は Python {{python}}（64ビット）用です。
echo   python.org の Windows installer で Python {{python}} を入れてから、もう一度 install.bat を実行してください。
echo   別の場所にある場合: set PYTHON="C:\path\to\python.exe" のあとで install.bat を実行します。
pause
exit /b 1

:fail
echo.
echo エラー: インストールに失敗しました。上のメッセージと「はじめにお読みください.txt」の「うまくいかないとき」を見てください。
pause
exit /b 1
