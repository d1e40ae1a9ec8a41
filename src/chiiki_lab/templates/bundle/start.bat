@echo off
rem Open the chiiki_lab curriculum in JupyterLab (stop with Ctrl+C).
"%~dp0venv\Scripts\chiiki-lab.exe" lab %*
if errorlevel 1 pause
