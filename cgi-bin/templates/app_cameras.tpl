{{%AUTOESCAPE context="HTML"}}
<section class="card" id="my-cameras">
  <h1>My cameras</h1>
  <p class="settings" id="settings-version" data-version="{{VERSION}}" data-as-of="{{SETTINGS_AT_ISO}}">Camera settings as of <time datetime="{{SETTINGS_AT_ISO}}">{{SETTINGS_AT}}</time> (version {{VERSION}})</p>
  {{#SCOPED}}<p class="note" id="scope-note">As administrator {{ADMIN}} you see only the cameras granted to you.</p>{{/SCOPED}}
  <form method="get" action="{{ACTION}}" class="filters">
    {{>LIMIT}}
    <button type="submit">Apply</button>
  </form>
  <table class="grid" id="cameras-table">
    {{>THEAD}}
    <tbody>
    {{#ROW}}
      <tr data-camera-id="{{ID}}"{{#BLOCKED}} class="blocked"{{/BLOCKED}}>
        <td class="name">{{NAME}}</td>
        <td>{{#BLOCKED}}<span class="badge badge-blocked" data-status="blocked">blocked</span>{{/BLOCKED}}{{#UNBLOCKED}}<span class="badge badge-{{STATUS}}" data-status="{{STATUS}}">{{STATUS_WORD}}</span>{{/UNBLOCKED}}</td>
        <td>{{LOCATION}}</td>
        <td class="allowed">{{#ACTIONS_ITEM}}<span class="action">{{VALUE}}</span> {{/ACTIONS_ITEM}}{{#NO_ACTIONS}}<span class="empty">none</span>{{/NO_ACTIONS}}</td>
      </tr>
    {{/ROW}}
    {{#EMPTY}}<tr><td colspan="4" class="empty">You have no cameras.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{>PAGER}}
</section>
