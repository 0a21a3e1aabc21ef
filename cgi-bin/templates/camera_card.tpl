{{%AUTOESCAPE context="HTML"}}
<section class="card camera-card" id="camera-card" data-camera-id="{{ID}}">
  <h1>{{NAME}} <span class="badge badge-{{STATUS}}">{{STATUS_WORD}}</span></h1>
  <nav class="tabs" aria-label="Camera card"><a href="#general" id="general-tab" aria-current="page">General data</a></nav>
  <section id="general" class="tab-general" aria-labelledby="general-tab">
    <dl class="facts">
      <div><dt>Camera ID</dt><dd id="camera-id">{{ID}}</dd></div>
      <div><dt>Name</dt><dd id="camera-name">{{NAME}}</dd></div>
      <div><dt>Status</dt><dd id="camera-status"><span class="badge badge-{{STATUS}}">{{STATUS_WORD}}</span></dd></div>
      <div><dt>Location</dt><dd id="camera-location">{{ADDRESS}}</dd></div>
      <div><dt>External ID</dt><dd id="camera-external-id">{{EXTERNAL_ID}}</dd></div>
      <div><dt>MAC</dt><dd id="camera-mac">{{MAC}}</dd></div>
      <div><dt>Serial number</dt><dd id="camera-serial">{{SERIAL}}</dd></div>
      <div><dt>Archive</dt><dd id="camera-archive">{{ARCHIVE_DAYS}} days</dd></div>
      <div><dt>Creation date</dt><dd id="camera-created"><time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time></dd></div>
      <div><dt>Users</dt><dd id="camera-users">{{USERS}}</dd></div>
    </dl>
    <h2 id="camera-users-title">Users of this camera</h2>
    <ul class="camera-user-list" id="camera-user-list" aria-labelledby="camera-users-title">
      {{#USER}}<li data-user-id="{{USER_ID}}"><a href="/admin/users/{{USER_ID}}">{{USERNAME}}</a> <span class="login">{{LOGIN}}</span>{{#DELETED}} <span class="badge badge-deleted">deleted</span>{{/DELETED}}</li>
      {{/USER}}
      {{#NO_USERS}}<li class="empty">No user has this camera.</li>{{/NO_USERS}}
    </ul>
    {{#MORE_USERS}}<p class="note">Only the first {{MAX}} users are listed.</p>{{/MORE_USERS}}
  </section>
</section>
