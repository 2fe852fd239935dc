; Inno Setup script for oxytimer on Windows: a per-user install, no administrator rights.
; Built by .github/workflows/build-app.yml after `python scripts/build_app.py`:
;   iscc /DAppVersion=0.1.0 packaging\windows\oxytimer.iss
; NOT YET RUN: no Windows machine was available when this was written (see README).
; The database, settings and backups live in the user's data folder
; (%APPDATA%\oxytimer\oxytimer), never in the program folder, so an update or an uninstall
; leaves them alone.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6A1C2F0E-6F4B-4C7B-9E55-0C9B1E8A7D21}
AppName=oxytimer
AppVersion={#AppVersion}
AppPublisher=oxytimer
DefaultDirName={localappdata}\Programs\oxytimer
DefaultGroupName=oxytimer
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=oxytimer-{#AppVersion}-windows-setup
SetupIconFile=..\..\build\oxytimer.ico
UninstallDisplayIcon={app}\oxytimer.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "indonesian"; MessagesFile: "compiler:Languages\Indonesian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\dist\oxytimer\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an update replaces the program's own files only
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{userprograms}\oxytimer"; Filename: "{app}\oxytimer.exe"
Name: "{userdesktop}\oxytimer"; Filename: "{app}\oxytimer.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\oxytimer.exe"; Description: "{cm:LaunchProgram,oxytimer}"; Flags: nowait postinstall skipifsilent
