{{%AUTOESCAPE context="HTML"}}
<section class="tab-access" data-tab="access" data-user-id="{{USER_ID}}" data-granted="{{GRANTED}}">
  {{#SAVED}}<div class="note saved" role="status"><p>{{MESSAGE}}</p></div>{{/SAVED}}
  {{#PROBLEM}}<div class="error" role="alert"><p>{{MESSAGE}}</p></div>{{/PROBLEM}}
  {{#DELETED}}<p class="note">This user was deleted on {{DELETED_AT}}: its permissions are shown as they were, read-only.</p>{{/DELETED}}
  {{#SUBUSER}}<p class="note">A sub-user of <a href="/admin/users/{{PARENT_ID}}">{{PARENT_LOGIN}}</a>: it is offered the analytics permissions of the levels its parent holds licences for.</p>{{/SUBUSER}}
  <form method="post" action="/admin/users/{{USER_ID}}/access" class="perm-editor" id="perm-editor-{{USER_ID}}" data-fetch data-guard aria-label="Access settings of {{LOGIN}}">
    <input type="hidden" name="version" value="{{VERSION}}">
    <fieldset class="perm-all"{{#DELETED}} disabled{{/DELETED}}>
      <legend>Permissions of {{LOGIN}}</legend>
      {{#GROUP}}
      <fieldset class="perm-group" data-group="{{N}}">
        <legend><label><input type="checkbox" data-group-toggle{{#ALL}} checked{{/ALL}}{{#NONE_AVAILABLE}} disabled{{/NONE_AVAILABLE}}> {{NAME}}</label></legend>
        <ul class="perms">
        {{#PERM}}<li><label><input type="checkbox" name="perm" value="{{SLUG}}"{{#GRANTED}} checked{{/GRANTED}}{{#UNAVAILABLE}} disabled aria-describedby="why-{{USER_ID}}-{{SLUG}}"{{/UNAVAILABLE}}> {{LABEL}} <code class="slug">{{SLUG}}</code></label>{{#UNAVAILABLE}} <span class="reason" id="why-{{USER_ID}}-{{SLUG}}">{{REASON}}</span>{{/UNAVAILABLE}}</li>
        {{/PERM}}
        </ul>
      </fieldset>
      {{/GROUP}}
    </fieldset>
    {{#EDITABLE}}<div class="form-actions"><button type="submit" data-save disabled>Save</button> <span class="save-state" aria-live="polite"></span></div>{{/EDITABLE}}
  </form>
</section>
